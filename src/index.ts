/** skillsign's public library API. */
export { takeSnapshot, SnapshotError, DEFAULT_LIMITS } from "./snapshot/index.js";
export type { Snapshot, FileEntry, SnapshotLimits, SnapshotErrorCode } from "./snapshot/index.js";
export { contentHash } from "./signing/content-hash.js";
export { permissionsHash, canonicalJson } from "./signing/permissions-hash.js";
export { normalisePermissions, parseAllowedTools, type Permissions } from "./skill/permissions.js";
export { parseSkillMd } from "./skill/frontmatter.js";
export { runPipeline } from "./pipeline/run.js";
export { STAGES, STAGE_IDS } from "./stages/index.js";
export type { Stage, StageContext, StageEnv, StageId } from "./stages/index.js";
export type { Finding, StageResult, StageOutcome, Severity } from "./findings.types.js";
export { redactText, redactValue, REDACTED } from "./report/redact.js";
