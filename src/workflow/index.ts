export { runSubmissions, type SubmitOptions, type SubmitRun, type SigningKeyUsed } from "./submit.js";
export { scanSkills, STATIC_STAGES, type ScanRequest, type ScanRun } from "./scan.js";
export { signByHand, type SignByHandOptions, type SignedByHand } from "./sign-by-hand.js";
export { signingInput, type Approved } from "./sign-request.js";
export { developmentKey, DEV_KEY_DIR, type DevelopmentKey } from "./dev-key.js";
export { processSkills, type ProcessOptions, type ProcessedSkill } from "./process-skills.js";
export {
  approveSubmission,
  rejectSubmission,
  waiveRule,
  reviewQueue,
  reviewDetail,
  requireSubmission,
  parseExpiry,
  type ApproveOptions,
  type QueueEntry,
  type ReviewDetail,
  type WaiveOptions,
} from "./review.js";
export { diffSubmissions, diffFiles, diffPermissions, type VersionDiff, type FileChange, type PermissionChange } from "./diff.js";
export { changedSkills } from "./changed-skills.js";
export { configuredSigner, requiredSigner, SIGNING_KEY_ENV, type LoadedSigner } from "./signing-key.js";
export { withStore, type SessionOptions } from "./session.js";
export { actorName, reviewerName } from "./actor.js";
export { creatorNotice } from "./notice.js";
