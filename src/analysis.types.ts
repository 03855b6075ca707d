import type { Finding, StageResult } from "./findings.types.js";
import type { Permissions } from "./skill/permissions.js";
import type { Snapshot } from "./snapshot/snapshot.types.js";

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
