import { approveSubmission, rejectSubmission, reviewDetail, reviewQueue, waiveRule } from "../workflow/review.js";
import type { ServiceContext } from "./context.js";
import { ServiceError } from "./errors.js";
import { materialiseUpload } from "./upload/materialise.js";

/** What the API and the web page both do for a reviewer; each decision is audit-logged by the store with the reviewer's name. */
export async function queueView(ctx: ServiceContext) {
  const review = await reviewQueue(ctx.store);
  const failed = await ctx.store.listSubmissions({ state: "failed", order: "newest", limit: 200 });
  return {
    review: review.map((q) => ({ ...summary(q.submission), decidingFindings: q.decidingFindings })),
    // Every failed submission: retries exhausted (deadLetter: true) or input the worker refused.
    deadLetter: failed.map((s) => ({ ...summary(s), failureReason: s.failureReason, deadLetter: s.deadLetter, attempt: s.attempt })),
  };
}

export async function detailView(ctx: ServiceContext, id: number) {
  const d = await reviewDetail(ctx.store, id);
  const { owner: _owner, id: subId, ...submission } = d.submission;
  // `skill` as everywhere else; `skillName` stays for existing clients (deprecated in the schema).
  return { ...d, submission: { id: subId, skill: submission.skillName, ...submission } };
}

/**
 * The upload is unpacked again into a private temp dir and approval re-snapshots it: it signs only
 * if the content hash is the one that was analysed.
 */
export async function approve(ctx: ServiceContext, id: number, reviewer: string, note: string) {
  if (!ctx.signer) throw new ServiceError("NOT_CONFIGURED", "this server has no signing key (start serve with SKILLSIGN_SIGNING_KEY and SKILLSIGN_KEY_PASSPHRASE)");
  const archive = await ctx.queue.upload(id);
  if (!archive) throw new ServiceError("NOT_FOUND", `submission ${id} has no stored upload`);
  const m = await materialiseUpload(archive, ctx.tmpDir);
  try {
    const done = await approveSubmission(ctx.store, id, { reviewer, note: nonEmpty(note, "note"), signer: ctx.signer, path: m.skillDir, home: ctx.home });
    return { id, state: done.submission.state, signature: done.signature ? { sequence: done.signature.sequence, keyId: done.signature.keyId } : null };
  } finally {
    await m.cleanup();
  }
}

export async function reject(ctx: ServiceContext, id: number, reviewer: string, reason: string) {
  const sub = await rejectSubmission(ctx.store, id, { reviewer, reason: nonEmpty(reason, "reason") });
  return { id, state: sub.state };
}

export async function waive(ctx: ServiceContext, id: number, reviewer: string, input: { ruleId: string; reason: string; expires: string }) {
  const w = await waiveRule(ctx.store, id, input.ruleId, { reviewer, reason: nonEmpty(input.reason, "reason"), expires: input.expires });
  return { id, waiver: { ruleId: w.ruleId, skill: w.skill, expires: w.expires, by: w.by } };
}

function summary(s: { id: number; skillName: string; version: string; state: string; createdAt: string; submittedBy: string }) {
  return { id: s.id, skill: s.skillName, version: s.version, state: s.state, createdAt: s.createdAt, submittedBy: s.submittedBy };
}

function nonEmpty(v: string, what: string): string {
  if (!v.trim()) throw new ServiceError("BAD_REQUEST", `${what} must not be empty`);
  return v.trim();
}
