import { UsageError } from "../errors.js";
import type { Finding } from "../findings.types.js";
import { loadSkill } from "../skill/load.js";
import { skillsignHome } from "../config/home.js";
import { StoreError } from "../store/error.js";
import type { Store } from "../store/store.js";
import type { SignatureRecord, SubmissionRecord, WaiverRecord } from "../store/store.types.js";
import type { Verdict } from "../verdict/index.js";
import { diffSubmissions, type VersionDiff } from "./diff.js";
import { creatorNotice } from "./notice.js";
import { checkWaivable, snapshotSameContent } from "./review-checks.js";
import { loadPolicy, type Policy } from "../verdict/policy.js";
import { signRequest, writeSignature } from "./sign-request.js";
import type { LoadedSigner } from "./signing-key.js";

export async function requireSubmission(store: Store, id: number): Promise<SubmissionRecord> {
  const sub = await store.getSubmission(id);
  if (!sub) throw new StoreError("SUBMISSION_NOT_FOUND", `no submission with id ${id} (see \`skillsign review list\`)`);
  return sub;
}

export interface QueueEntry {
  submission: SubmissionRecord;
  decidingFindings: Finding[];
}

/** The review queue, oldest first, each with the findings that sent it there. */
export async function reviewQueue(store: Store): Promise<QueueEntry[]> {
  const subs = await store.listSubmissions({ state: "review", order: "oldest" });
  return subs.map((submission) => ({ submission, decidingFindings: verdictOf(submission)?.decidingFindings ?? [] }));
}

export interface ReviewDetail {
  submission: SubmissionRecord;
  findings: Finding[];
  stages: Awaited<ReturnType<Store["stageResults"]>>;
  diff: VersionDiff;
  reviews: Awaited<ReturnType<Store["reviews"]>>;
}

export async function reviewDetail(store: Store, id: number): Promise<ReviewDetail> {
  const submission = await requireSubmission(store, id);
  const baseline = await store.lastApproved(submission.skillName, submission.id);
  return {
    submission,
    findings: await store.findings(id),
    stages: await store.stageResults(id),
    diff: diffSubmissions(baseline, submission),
    reviews: await store.reviews(id),
  };
}

export interface ApproveOptions {
  reviewer: string;
  note: string;
  signer: LoadedSigner;
  home?: string;
  now?: Date;
  /** Re-snapshot from this folder instead of the recorded path (an upload re-materialised, a reviewer's checkout). */
  path?: string;
}

/**
 * Signs exactly what was analysed: the folder is snapshotted again and must still have the
 * recorded content and permissions hashes, otherwise the reviewer would sign unseen files.
 */
export async function approveSubmission(store: Store, id: number, o: ApproveOptions): Promise<{ submission: SubmissionRecord; signature?: SignatureRecord; signaturePath?: string }> {
  const sub = await requireSubmission(store, id);
  if (sub.state !== "review") throw new StoreError("INVALID_STATE", `submission ${id} is ${sub.state}, not waiting for review`);
  const dir = o.path ?? sub.path;
  const snapshot = await snapshotSameContent(sub, dir, o.home ?? skillsignHome(), "sign");
  const skill = loadSkill(snapshot);
  const at = o.now ?? new Date();
  const verdict = verdictOf(sub);
  const done = await store.decideReview(id, {
    reviewer: o.reviewer,
    decision: "approve",
    note: o.note,
    sign: signRequest(
      o.signer,
      { by: "reviewer", snapshot, skill, name: sub.skillName, version: sub.version, verdict, policyDigest: sub.policyDigest ?? undefined, reviewer: o.reviewer, note: o.note },
      at,
    ),
  });
  const signaturePath = done.signature ? await writeSignature(dir, done.signature) : undefined;
  return { ...done, signaturePath };
}

export async function rejectSubmission(store: Store, id: number, o: { reviewer: string; reason: string; path?: string; home?: string }): Promise<SubmissionRecord> {
  const sub = await requireSubmission(store, id);
  if (o.path) await snapshotSameContent(sub, o.path, o.home ?? skillsignHome(), "reject");
  const verdict = verdictOf(sub) ?? { decision: "review" as const, reasons: [], decidingFindings: [] };
  const notice = creatorNotice(sub.skillName, verdict, { name: o.reviewer, reason: o.reason });
  return (await store.decideReview(id, { reviewer: o.reviewer, decision: "reject", note: o.reason, creatorNotice: notice })).submission;
}

export interface WaiveOptions {
  reviewer: string;
  reason: string;
  expires: string;
  now?: Date;
  /** Refuses never-waive and unknown rule ids (default: the shipped policy). */
  policy?: Policy;
  /** The reviewer's checkout: must hold the analysed content. */
  path?: string;
  home?: string;
}

/** A waiver applies to later submissions of the same skill name until it expires. */
export async function waiveRule(store: Store, id: number, ruleId: string, o: WaiveOptions): Promise<WaiverRecord> {
  const sub = await requireSubmission(store, id);
  const expires = parseExpiry(o.expires);
  if (expires.getTime() <= (o.now ?? new Date()).getTime()) throw new UsageError("USAGE_ERROR", `--expires ${o.expires} is in the past`);
  if (!ruleId.trim()) throw new UsageError("USAGE_ERROR", "the rule id to waive is empty");
  await checkWaivable(store, sub, ruleId.trim(), o.policy ?? loadPolicy());
  if (o.path) await snapshotSameContent(sub, o.path, o.home ?? skillsignHome(), "waive a rule on");
  return store.addWaiver({ submissionId: id, skill: sub.skillName, ruleId: ruleId.trim(), reason: o.reason, expires: expires.toISOString(), by: o.reviewer });
}

/** A date (YYYY-MM-DD, the start of that day in UTC) or a full ISO 8601 date-time. */
export function parseExpiry(text: string): Date {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(text) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  const d = new Date(text);
  if (!ok || Number.isNaN(d.getTime())) throw new UsageError("USAGE_ERROR", `--expires must be a date such as 2027-01-31 (got "${text}")`);
  return d;
}

export function verdictOf(sub: SubmissionRecord): Verdict | undefined {
  const v = sub.verdict as Verdict | null;
  return v && typeof v === "object" && "decision" in v ? v : undefined;
}
