/**
 * skillsign's public library API. Runtimes need only `verifySkill`; marketplaces embed the
 * pipeline, the verdict and the store. Each area's barrel lists its full surface.
 */

// Runtime check: a cheap, strict yes/no before loading a skill.
export { verifySkill, verifyAll, installSkill, VerificationError } from "./signing/index.js";
export type { VerifyResult, VerifyReason, VerifyOptions, VerifiedSkill } from "./signing/index.js";

// Signing and keys.
export {
  signSkill,
  defaultSignaturePath,
  generateKeyPair,
  loadSigningKey,
  rotateKeys,
  revokeKey,
  listKeys,
  loadTrustFile,
  keyIdOf,
  verifyStrict,
  contentHash,
  permissionsHash,
  canonicalJson,
  KeyError,
  PASSPHRASE_ENV,
} from "./signing/index.js";
export type { Envelope, Signer, Approval, ToolInfo, TrustFile, TrustedKey, SkillStatement } from "./signing/index.js";

// Snapshot and SKILL.md.
export { takeSnapshot, SnapshotError, DEFAULT_LIMITS } from "./snapshot/index.js";
export type { Snapshot, FileEntry, SnapshotLimits, SnapshotErrorCode } from "./snapshot/index.js";
export { normalisePermissions, parseAllowedTools, type Permissions } from "./skill/permissions.js";
export { parseSkillMd } from "./skill/frontmatter.js";

// Pipeline, stages and verdict.
export { runPipeline } from "./pipeline/run.js";
export { STAGES, STAGE_IDS, loadStage } from "./stages/index.js";
export type { Stage, StageContext, StageDescriptor, StageEnv, StageId } from "./stages/index.js";
export type { Finding, StageResult, StageOutcome, Severity } from "./findings.types.js";
export { route, loadPolicy, policyDigest } from "./verdict/index.js";
export type { Policy, Verdict, Decision, Waiver } from "./verdict/index.js";
export { mapSnykOutput } from "./stages/dependencies/snyk/map.js";
export { findTool } from "./tools/index.js";

// Store and workflows (submit, ci, review).
export { openStore, StoreError, SqliteStore, PgStore } from "./store/index.js";
export type { Store } from "./store/index.js";
export { runSubmissions, processSkills, diffSubmissions, changedSkills } from "./workflow/index.js";

// Reports.
export { redactText, redactValue, REDACTED } from "./redact.js";
