export { runSubmissions, submissionLines, submissionsJson, type SubmitOptions, type SubmitRun } from "./submit.js";
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
