import type { Finding, StageResult } from "../findings.types.js";
import type { FileEntry } from "../snapshot/snapshot.types.js";
import type { Permissions } from "../skill/permissions.js";

/** Lifecycle of one submission. `running` rows carry the owning process so a crash can be detected. */
export const SUBMISSION_STATES = ["recorded", "running", "approved", "review", "rejected", "failed"] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];
export type FinalState = Exclude<SubmissionState, "recorded" | "running">;

/** Which process owns a running submission; starttime guards against pid reuse. */
export interface ProcessIdentity {
  pid: number;
  host: string;
  startTime: string;
}

export interface SubmissionRecord {
  id: number;
  skillName: string;
  version: string;
  path: string;
  contentHash: string | null;
  permissionsHash: string | null;
  permissions: Permissions | null;
  files: FileEntry[] | null;
  state: SubmissionState;
  source: string;
  submittedBy: string;
  owner: ProcessIdentity | null;
  createdAt: string;
  updatedAt: string;
  /** The verdict object exactly as the verdict module returned it. */
  verdict: unknown;
  policyDigest: string | null;
  creatorNotice: string | null;
  failureReason: string | null;
  /** How many times a worker has claimed it (0 for submissions run by the submitting process). */
  attempt: number;
  /** Failed because the job queue gave up after its retries. */
  deadLetter: boolean;
}

export interface NewSubmission {
  path: string;
  /** Provisional until the pipeline has read SKILL.md (the folder name). */
  skillName: string;
  source: "submit" | "ci";
  submittedBy: string;
  owner: ProcessIdentity;
}

/** What the pipeline learnt, written together with the final state in one transaction. */
export interface AnalysisRecord {
  skillName: string;
  version: string;
  contentHash: string;
  permissionsHash: string;
  permissions: Permissions;
  files: readonly FileEntry[];
  stages: readonly StageResult[];
  findings: readonly Finding[];
  verdict: unknown;
  policyDigest: string | null;
}

export interface StoredStageResult {
  stageId: string;
  stageVersion: string;
  status: StageResult["status"];
  reason: string | null;
  skipKind: StageResult["skipKind"] | null;
  tool: StageResult["tool"] | null;
  checks: Record<string, string> | null;
  durationMs: number;
}

export interface SignatureRecord {
  id: number;
  skillName: string;
  version: string;
  sequence: number;
  contentHash: string;
  permissionsHash: string;
  envelope: unknown;
  keyId: string;
  signedAt: string;
  submissionId: number | null;
}

/** Signing happens inside the store's transaction so the sequence number cannot be taken twice. */
export interface SignRequest {
  keyId: string;
  publicKey: string;
  sign(sequence: number): Promise<{ envelope: unknown; signedAt: string }>;
}

export interface WaiverRecord {
  id: number;
  skill: string;
  ruleId: string;
  reason: string;
  expires: string;
  by: string;
  createdAt: string;
  submissionId: number | null;
}

export type ReviewDecision = "approve" | "reject" | "waive";

export interface ReviewRecord {
  id: number;
  submissionId: number;
  reviewer: string;
  decision: ReviewDecision;
  note: string;
  createdAt: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  submissionId: number | null;
  fromState: string | null;
  toState: string | null;
  reason: string | null;
}

export interface KeyRecord {
  keyId: string;
  publicKey: string;
  addedAt: string;
  status: string;
}
