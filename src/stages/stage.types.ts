import type { StageOutcome, StageResult } from "../findings.types.js";
import type { LoadedSkill } from "../skill/load.js";
import type { Snapshot } from "../snapshot/snapshot.types.js";
import type { StageId } from "../stage-ids.js";

/** Services shared by all stages of one run. Stages keep no global state of their own. */
export interface StageEnv {
  /** $SKILLSIGN_HOME */
  home: string;
  /** Content-hash keyed cache for expensive results: $SKILLSIGN_HOME/cache/<stage>/ */
  cacheDir: string;
  /** Repository root: rules/, patterns/, policy.yaml, docker/ live here. */
  assetsDir: string;
  signal: AbortSignal;
  /** Process environment (SNYK_TOKEN, ...), passed in so tests can control it. */
  processEnv: NodeJS.ProcessEnv;
  /** Per-stage wall-clock limit in ms. */
  stageTimeoutMs: number;
}

export interface StageContext {
  snapshot: Snapshot;
  skill: LoadedSkill;
  /** Results of the stages that already ran for this skill, by id. */
  results: ReadonlyMap<StageId, StageResult>;
  env: StageEnv;
}

export type Applicability = { applies: true; reason?: string } | { applies: false; reason: string };

/**
 * The typed `data` one stage writes for later stages (declared beside the stage that writes it).
 * `is` checks data read back from a result, which may come from a cache an older version wrote.
 */
export interface StageOutput<T> {
  readonly stage: StageId;
  readonly is: (data: unknown) => data is T;
}

/** A stage's registry facts: known without loading its code (each stage's `info.ts`). */
export type StageInfo = Pick<Stage, "id" | "version" | "requires" | "output" | "reads" | "overlaps">;

/** A registry entry: the facts, and the stage's code loaded only when the stage has work to do. */
export interface StageDescriptor extends StageInfo {
  load(): Promise<Stage>;
}

export interface Stage {
  id: StageId;
  /** Bump when the stage's logic changes: cached results and attestations record it. */
  version: string;
  /** Stages that must have run (not errored or skipped) for this one to run; the runner gates on them. */
  requires?: readonly StageId[];
  /** The typed data this stage writes for later stages. */
  output?: StageOutput<object>;
  /** Earlier stages' outputs this stage reads when present (through `readOutput`), working without them. */
  reads?: readonly StageOutput<object>[];
  appliesTo(ctx: StageContext): Applicability;
  run(ctx: StageContext): Promise<StageOutcome>;
  /** When present, the runner hands the stage every applicable skill at once (one Semgrep process per batch). */
  runBatch?(ctxs: StageContext[]): Promise<StageOutcome[]>;
  /**
   * The stage's work is a child process and it reads no other stage's result (no `requires`, no `reads`): the
   * runner starts it with the first stage, so Semgrep runs while Node scans the patterns.
   */
  overlaps?: boolean;
}
