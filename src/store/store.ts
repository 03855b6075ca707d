import type { ReviewDecision } from "./store.types.js";
import type {
  AnalysisRecord,
  AuditEntry,
  FinalState,
  KeyRecord,
  NewSubmission,
  ReviewRecord,
  SignRequest,
  SignatureRecord,
  StoredStageResult,
  SubmissionRecord,
  SubmissionState,
  WaiverRecord,
} from "./store.types.js";
import type { Finding } from "../findings.types.js";

/** How a submission ends: the state, why, and (if approved with a key) the signature to take. */
export interface Completion {
  state: FinalState;
  actor: string;
  reason: string;
  creatorNotice?: string;
  sign?: SignRequest;
}

export interface ReviewDecisionInput {
  reviewer: string;
  decision: Exclude<ReviewDecision, "waive">;
  note: string;
  creatorNotice?: string;
  sign?: SignRequest;
}

export interface NewWaiver {
  submissionId: number;
  skill: string;
  ruleId: string;
  reason: string;
  expires: string;
  by: string;
}

export interface SubmissionQuery {
  state?: SubmissionState;
  skillName?: string;
  order?: "oldest" | "newest";
  limit?: number;
}

export interface Completed {
  submission: SubmissionRecord;
  signature?: SignatureRecord;
}

/**
 * Every write skillsign makes goes through this one interface. Methods are async so a
 * PostgreSQL backend can follow; each multi-row write is one transaction, and every state
 * change appends to the audit log in that same transaction.
 */
export interface Store {
  readonly kind: "sqlite" | "postgres";
  /** Runs submitted by processes that have since died are marked failed (audit logged). */
  recoverAbandoned(actor: string): Promise<number[]>;

  createSubmission(input: NewSubmission): Promise<SubmissionRecord>;
  /** Writes stage results, findings, the verdict and the final state of a running submission. */
  completeSubmission(id: number, analysis: AnalysisRecord, completion: Completion): Promise<Completed>;
  failSubmission(id: number, reason: string, actor: string): Promise<SubmissionRecord>;
  /**
   * Synchronous, best effort, for signal handlers (a process about to die cannot await):
   * marks those of `ids` still running as failed. Backends that cannot write synchronously
   * omit it; the dead-process check then catches the rows on the next command.
   */
  failNow?(ids: readonly number[], reason: string, actor: string): number[];
  decideReview(id: number, input: ReviewDecisionInput): Promise<Completed>;
  addWaiver(input: NewWaiver): Promise<WaiverRecord>;

  getSubmission(id: number): Promise<SubmissionRecord | undefined>;
  listSubmissions(query?: SubmissionQuery): Promise<SubmissionRecord[]>;
  stageResults(id: number): Promise<StoredStageResult[]>;
  findings(id: number): Promise<Finding[]>;
  /** The latest approved submission of this skill created before `beforeId` (if given). */
  lastApproved(skillName: string, beforeId?: number): Promise<SubmissionRecord | undefined>;
  reviews(id: number): Promise<ReviewRecord[]>;
  activeWaivers(skillName: string, now: Date): Promise<WaiverRecord[]>;
  signatures(skillName: string): Promise<SignatureRecord[]>;
  signatureFor(submissionId: number): Promise<SignatureRecord | undefined>;
  auditLog(submissionId?: number): Promise<AuditEntry[]>;
  keys(): Promise<KeyRecord[]>;

  close(): Promise<void>;
}
