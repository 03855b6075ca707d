/** The queue as contract-12 fixes it (helper C's service builds on exactly these). */
export type PublicState = "queued" | "running" | "done" | "failed";

export interface SubmissionStatus {
  id: number;
  state: PublicState;
  verdict: "approved" | "review" | "rejected" | null;
  submittedBy: string;
  skillName: string;
  deadLetter: boolean;
  failureReason: string | null;
}

export interface SubmissionQueue {
  /** Stores the (already size-checked) tar.gz upload, records the submission and enqueues one job, all in one transaction. */
  submit(input: { archive: Buffer; submittedBy: string }): Promise<number>;
  status(id: number): Promise<SubmissionStatus | null>;
  /** The uploaded bytes, so reviewers/approval can re-materialise the exact content on any machine. */
  upload(id: number): Promise<Buffer | null>;
  close(): Promise<void>;
}

export interface QueueOptions {
  /** With a SQLite store: run the jobs in this process (serve alone on one machine). */
  localWorker?: boolean;
  /** Options for that local worker. */
  worker?: WorkerOptions;
}

export interface WorkerOptions {
  concurrency?: number;
  signal?: AbortSignal;
  /** Stages to skip (as `submit --skip`). */
  skip?: string[];
  policyPath?: string;
  home?: string;
  processEnv?: NodeJS.ProcessEnv;
  /** Each job's outcome, for logs and tests. */
  onJob?: (e: JobEvent) => void;
}

export interface JobEvent {
  submissionId: number;
  outcome: "started" | "done" | "skipped" | "error" | "dead-letter";
  state?: string;
  attempt?: number;
  message?: string;
  ms?: number;
}
