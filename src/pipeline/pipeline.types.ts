import type { Finding, StageResult } from "../findings.types.js";
import type { Permissions } from "../skill/permissions.js";
import type { Snapshot } from "../snapshot/snapshot.types.js";
import type { StageId } from "../stages/ids.js";

/** Everything the pipeline learnt about one skill; the verdict and the reports read only this. */
export interface SkillAnalysis {
  path: string;
  name: string;
  version: string;
  snapshot: Snapshot;
  permissions: Permissions;
  permissionsHash: string;
  stages: StageResult[];
  /** All findings of all stages plus snapshot notes, sorted (stage, file, line, ruleId). */
  findings: Finding[];
}

/** A skill that could not be snapshotted at all (hostile or broken input). */
export interface SkillInputError {
  path: string;
  code: string;
  message: string;
}

export type ProgressEvent =
  | { kind: "stage-start"; stage: StageId; skills: number }
  | { kind: "stage-end"; stage: StageId; skills: number; durationMs: number }
  | { kind: "skill-done"; path: string };

export interface PipelineOptions {
  skip?: StageId[];
  /** Only these stages run; others report skipped. */
  only?: StageId[];
  /** Reason shown for stages left out by `only` (e.g. "not selected: use `skillsign submit` or `--sandbox`"). */
  notSelectedReason?: string;
  onProgress?: (e: ProgressEvent) => void;
  signal?: AbortSignal;
  stageTimeoutMs?: number;
  concurrency?: number;
  processEnv?: NodeJS.ProcessEnv;
  home?: string;
}
