import type { ReviewDecision } from "./store.types.js";
import type {
  AnalysisRecord,
  AuditEntry,
  FinalState,
  KeyRecord,
  NewSubmission,
  ProcessIdentity,
  ReviewRecord,
  SignRequest,
  SignatureRecord,
  StoredStageResult,
  SubmissionRecord,
  SubmissionState,
  WaiverRecord,
} from "./store.types.js";
import type { Finding } from "../findings.types.js";
import type { SqlExecutor } from "./core/sql.js";

/** How a submission ends: the state, why, and (if approved with a key) the signature to take. */
export interface Completion {
  state: FinalState;
  actor: string;
  reason: string;
  creatorNotice?: string;
  sign?: SignRequest;
  /** For queued submissions: only the attempt that still holds the submission may complete it. */
  attempt?: number;
}

export interface FailOptions {
  /** The job queue gave up on it (retries exhausted): reviewers see it as a dead letter. */
  deadLetter?: boolean;
  /** Only fail it if this attempt still holds it (a lost attempt must not fail a retried one). */
  attempt?: number;
}

/** A submission that arrives over the service: stored with its upload, waiting for a worker. */
export interface QueuedSubmission {
  skillName: string;
  path: string;
  submittedBy: string;
  sha256: string;
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
  failSubmission(id: number, reason: string, actor: string, opts?: FailOptions): Promise<SubmissionRecord>;
  /**
   * Records a service submission (state `recorded`) with its uploaded archive and, in the same
   * transaction, calls `enqueue` (PostgreSQL passes pg-boss an executor on that transaction).
   */
  enqueueSubmission(input: QueuedSubmission, archive: Buffer, enqueue?: (tx: SqlExecutor | undefined, id: number) => Promise<void>): Promise<SubmissionRecord>;
  /** A worker takes a queued (or lost running) submission: running, owned by it, next attempt. Undefined once final. */
  claimSubmission(id: number, owner: ProcessIdentity, actor: string): Promise<SubmissionRecord | undefined>;
  upload(id: number): Promise<Buffer | undefined>;
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
