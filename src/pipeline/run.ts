import { join } from "node:path";
import { BaseError, errorMessage } from "../errors.js";
import type { StageOutcome, StageResult } from "../findings.types.js";
import { compareFindings } from "../findings.js";
import { permissionsHash } from "../signing/permissions-hash.js";
import { loadSkill } from "../skill/load.js";
import { takeSnapshot } from "../snapshot/snapshot.js";
import { SnapshotError } from "../snapshot/error.js";
import type { Snapshot } from "../snapshot/snapshot.types.js";
import { loadStage, STAGES } from "../stages/index.js";
import type { StageId } from "../stage-ids.js";
import type { Stage, StageContext, StageDescriptor, StageEnv, StageInfo } from "../stages/stage.types.js";
import { skillsignHome } from "../config/home.js";
import { assetsDir } from "../config/assets.js";
import type { PipelineOptions } from "./pipeline.types.js";
import type { SkillAnalysis, SkillInputError } from "../analysis.types.js";
import { guarded } from "./guarded.js";
import { markFirstStageStart } from "./timing.js";
import { sharedAbortController } from "./shared-signal.js";
import { sweepBeforeRun, usesSandbox } from "./sweep-before.js";

export interface PipelineRun {
  analyses: SkillAnalysis[];
  inputErrors: SkillInputError[];
}

const DEFAULT_STAGE_TIMEOUT_MS = 10 * 60_000;

/** Snapshots each skill once, then runs the stages in registry order over the whole batch. */
export async function runPipeline(skillDirs: string[], opts: PipelineOptions = {}): Promise<PipelineRun> {
  const home = opts.home ?? skillsignHome(opts.processEnv);
  const inputErrors: SkillInputError[] = [];
  const contexts: StageContext[] = [];
  const results = new Map<StageContext, Map<StageId, StageResult>>();
  const env: StageEnv = {
    home,
    cacheDir: join(home, "cache"),
    assetsDir: assetsDir(),
    signal: opts.signal ?? sharedAbortController().signal,
    processEnv: opts.processEnv ?? process.env,
    stageTimeoutMs: opts.stageTimeoutMs ?? DEFAULT_STAGE_TIMEOUT_MS,
  };

  for (const dir of skillDirs) {
    let snapshot: Snapshot;
    try {
      snapshot = await takeSnapshot(dir, { storeDir: join(home, "snapshots") });
    } catch (err) {
      if (err instanceof SnapshotError) {
        inputErrors.push({ path: dir, code: err.code, message: err.message });
        continue;
      }
      throw err;
    }
    const own = new Map<StageId, StageResult>();
    const ctx: StageContext = { snapshot, skill: loadSkill(snapshot), results: own, env };
    results.set(ctx, own);
    contexts.push(ctx);
  }

  if (usesSandbox(opts)) await sweepBeforeRun(env);
  const early = new Map(STAGES.filter((s) => s.overlaps && !s.requires?.length && !s.reads?.length).map((s) => [s, startEarly(s, contexts, opts)] as const));
  for (const stage of STAGES) {
    const started = Date.now();
    opts.onProgress?.({ kind: "stage-start", stage: stage.id, skills: contexts.length });
    const ahead = early.get(stage);
    if (ahead) for (const [ctx, r] of await ahead) results.get(ctx)!.set(stage.id, r);
    else await runStage(stage, contexts, results, opts);
    opts.onProgress?.({ kind: "stage-end", stage: stage.id, skills: contexts.length, durationMs: Date.now() - started });
  }

  const analyses = contexts.map((ctx) => toAnalysis(ctx, [...results.get(ctx)!.values()]));
  return { analyses, inputErrors };
}

/** Runs an overlapping stage now, into its own result maps (merged in registry order later, so reports keep stage order). */
function startEarly(stage: StageDescriptor, contexts: StageContext[], opts: PipelineOptions): Promise<Map<StageContext, StageResult>> {
  const own = new Map(contexts.map((ctx) => [ctx, new Map<StageId, StageResult>()] as const));
  const done = runStage(stage, contexts, own, opts).then(() => new Map(contexts.map((ctx) => [ctx, own.get(ctx)!.get(stage.id)!] as const)));
  done.catch(() => undefined); // awaited (and rethrown) in turn; this only keeps an early failure from being "unhandled"
  return done;
}

async function runStage(
  info: StageDescriptor,
  contexts: StageContext[],
  results: Map<StageContext, Map<StageId, StageResult>>,
  opts: PipelineOptions,
): Promise<void> {
  const selected: StageContext[] = [];
  for (const ctx of contexts) {
    const gate = gateStage(info, ctx, opts);
    if (gate) results.get(ctx)!.set(info.id, finish(info, gate, 0));
    else selected.push(ctx);
  }
  if (selected.length === 0) return;
  // The stage's code is loaded only now that some skill needs it (a stage left out by --only never loads).
  let stage: Stage;
  try {
    stage = await loadStage(info);
  } catch (err) {
    for (const ctx of selected) results.get(ctx)!.set(info.id, finish(info, crashed(err), 0));
    return;
  }
  const runnable: StageContext[] = [];
  for (const ctx of selected) {
    const gate = applies(stage, ctx);
    if (gate) results.get(ctx)!.set(stage.id, finish(stage, gate, 0));
    else runnable.push(ctx);
  }
  if (runnable.length === 0) return;
  markFirstStageStart(runnable[0]!.env.processEnv); // the stage's code is loaded and its work begins

  if (stage.runBatch) {
    const started = Date.now();
    const outcomes = await guarded(stage, runnable[0]!.env, (env) => stage.runBatch!(runnable.map((c) => ({ ...c, env })))).catch((err: unknown) =>
      runnable.map(() => crashed(err)),
    );
    const perSkill = Math.round((Date.now() - started) / runnable.length);
    runnable.forEach((ctx, i) => results.get(ctx)!.set(stage.id, finish(stage, outcomes[i] ?? crashed("no result"), perSkill)));
    return;
  }

  const concurrency = Math.max(1, opts.concurrency ?? 4);
  let next = 0;
  const worker = async () => {
    while (next < runnable.length) {
      const ctx = runnable[next++]!;
      const started = Date.now();
      const outcome = await guarded(stage, ctx.env, (env) => stage.run({ ...ctx, env })).catch(crashed);
      results.get(ctx)!.set(stage.id, finish(stage, outcome, Date.now() - started));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, runnable.length) }, worker));
}

/** Returns a skipped outcome when the stage must not run for this skill (decided without the stage's code). */
function gateStage(stage: StageInfo, ctx: StageContext, opts: PipelineOptions): StageOutcome | undefined {
  if (ctx.env.signal.aborted) return { status: "error", reason: "run cancelled (signal) before this stage started", findings: [] };
  if (opts.skip?.includes(stage.id)) return { status: "skipped", skipKind: "incomplete", reason: "skipped by --skip", findings: [] };
  if (opts.only && !opts.only.includes(stage.id)) {
    return { status: "skipped", skipKind: "not-selected", reason: opts.notSelectedReason ?? "not selected for this run", findings: [] };
  }
  for (const dep of stage.requires ?? []) {
    const r = ctx.results.get(dep);
    if (!r || r.status === "error" || r.status === "skipped") {
      // A prerequisite that had nothing to do leaves this stage nothing to do either; anything else is incomplete.
      const skipKind = r?.status === "skipped" ? (r.skipKind ?? "incomplete") : "incomplete";
      return { status: "skipped", skipKind, reason: `requires ${dep}, which ${r ? `was ${r.status}` : "did not run"}`, findings: [] };
    }
  }
  return undefined;
}

/** The stage's own applicability check: a skipped outcome when it has nothing to look at. */
function applies(stage: Stage, ctx: StageContext): StageOutcome | undefined {
  try {
    const a = stage.appliesTo(ctx);
    return a.applies ? undefined : { status: "skipped", skipKind: "not-applicable", reason: a.reason, findings: [] };
  } catch (err) {
    return crashed(err);
  }
}

/** A stage that threw: a coded error keeps its code in the reason ("STAGE_TIMEOUT: …", "TOOL_MISSING: …"). */
function crashed(err: unknown): StageOutcome {
  return { status: "error", reason: err instanceof BaseError ? `${err.code}: ${err.message}` : errorMessage(err), findings: [] };
}

function finish(stage: StageInfo, o: StageOutcome, durationMs: number): StageResult {
  const findings = [...o.findings].sort(compareFindings);
  // Never report "passed" with findings, nor "findings" with none.
  const status = o.status === "passed" && findings.length > 0 ? "findings" : o.status === "findings" && findings.length === 0 ? "passed" : o.status;
  return { stageId: stage.id, stageVersion: stage.version, ...o, status, findings, durationMs };
}

function toAnalysis(ctx: StageContext, stages: StageResult[]): SkillAnalysis {
  const findings = [...ctx.snapshot.notes, ...stages.flatMap((s) => s.findings)].sort(compareFindings);
  return {
    path: ctx.snapshot.sourcePath,
    name: ctx.skill.name,
    version: ctx.skill.version,
    snapshot: ctx.snapshot,
    permissions: ctx.skill.permissions,
    permissionsHash: permissionsHash(ctx.skill.permissions),
    stages,
    findings,
  };
}
