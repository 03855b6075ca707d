import type { StageId } from "../stage-ids.js";

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
