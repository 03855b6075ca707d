import type { SubmissionRecord } from "../store/store.types.js";
import type { PublicState, SubmissionStatus } from "./queue.types.js";

/** Store state → the service's public state (contract-12): recorded→queued, final verdicts→done. */
export function publicStatus(s: SubmissionRecord): SubmissionStatus {
  const verdict = s.state === "approved" || s.state === "review" || s.state === "rejected" ? s.state : null;
  const state: PublicState = s.state === "recorded" ? "queued" : s.state === "running" ? "running" : s.state === "failed" ? "failed" : "done";
  return { id: s.id, state, verdict, submittedBy: s.submittedBy, skillName: s.skillName, deadLetter: s.deadLetter, failureReason: s.failureReason };
}
