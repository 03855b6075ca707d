/**
 * The queue as the service sees it (contract-12 with src/queue). The service is handed a queue,
 * so tests and the CLI decide which one; the types repeat the contract's so this folder compiles
 * on its own.
 */
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
  submit(input: { archive: Buffer; submittedBy: string }): Promise<number>;
  status(id: number): Promise<SubmissionStatus | null>;
  upload(id: number): Promise<Buffer | null>;
  close(): Promise<void>;
}
