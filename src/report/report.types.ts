import type { Finding, SkipKind, StageStatus, ToolInfo } from "../findings.types.js";
import type { SkillAnalysis, SkillInputError } from "../analysis.types.js";
import type { InferredUse } from "../permissions/inferred.types.js";
import type { Permissions } from "../skill/permissions.js";
import type { StageId } from "../stage-ids.js";
import type { Decision, Verdict, VerdictReason } from "../verdict/verdict.types.js";

export const FORMATS = ["human", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

/** What a command hands the writers: analyses with their verdicts, plus skills that could not be read. */
export interface ReportInput {
  skills: Array<{ analysis: SkillAnalysis; verdict: Verdict }>;
  inputErrors: SkillInputError[];
  /** Stages the command chose not to run (e.g. `scan` without `--sandbox`), with why. */
  notSelected?: { stages: StageId[]; note: string };
  policyDigest?: string;
  /** Folders inside a folder of skills that were not scanned, and why (pipeline/discover.ts). */
  skipped?: Array<{ path: string; reason: string }>;
}

export interface RenderOptions {
  /** Durations make output differ run to run; golden tests turn them off. Default true. */
  includeDurations?: boolean;
  /** ANSI colour in the human format. Default false. */
  color?: boolean;
  /** Skill paths are shown relative to this folder (default: the current directory). */
  baseDir?: string;
  toolVersion?: string;
}

/** A writer only renders: it makes no decision and sees only the redacted report model. */
export interface Writer {
  render(report: ReportModel, options: RenderOptions): string;
}

export interface StageSummary {
  stageId: string;
  stageVersion: string;
  status: StageStatus;
  skipKind?: SkipKind;
  reason?: string;
  tool?: ToolInfo;
  checks?: Record<string, string>;
  durationMs?: number;
  findings: number;
}

export interface SkillReport {
  path: string;
  /** Absolute path of the skill folder (not in the JSON output; SARIF needs it outside baseDir). */
  absolutePath: string;
  name: string;
  version: string;
  verdict: Decision;
  /** True when some stage did not run to completion; the verdict then covers only what ran. */
  partial: boolean;
  /** Stage ids that did not run (not selected, skipped, errored, missing), in pipeline order. */
  stagesNotRun: string[];
  reasons: VerdictReason[];
  contentHash: string;
  permissionsHash: string;
  permissions: Permissions;
  /** What the pipeline saw the skill use (src/permissions/); present when it saw anything. */
  inferredPermissions?: InferredPermissionsReport;
  skillMdPath: string;
  stages: StageSummary[];
  findings: Finding[];
}

export interface InferredPermissionsReport extends InferredUse {
  /** True when the skill declares none, so these lists are what a signature carries (`inferred: true`). */
  signed: boolean;
}

/** The one redacted, sorted shape every writer renders (JSON is this, minus absolutePath). */
export interface ReportModel {
  schemaVersion: 1;
  tool: { name: "skillsign"; version: string };
  policyDigest?: string;
  scope: { kind: "full" } | { kind: "partial"; notRun: StageId[]; note: string };
  summary: { skills: number; approved: number; review: number; rejected: number; partial: number; inputErrors: number };
  skills: SkillReport[];
  inputErrors: SkillInputError[];
  /** Every folder left out of a folder of skills, with why (hidden, no SKILL.md). */
  skipped: Array<{ path: string; reason: string }>;
}
