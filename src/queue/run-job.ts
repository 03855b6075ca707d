import { hostname } from "node:os";
import { errorMessage } from "../errors.js";
import { ServiceError } from "../service/errors.js";
import { materialiseUpload } from "../service/upload/materialise.js";
import type { StageId } from "../stage-ids.js";
import { currentProcess } from "../store/liveness.js";
import type { Store } from "../store/store.js";
import { loadPolicy, policyDigest, type Policy } from "../verdict/policy.js";
import { processClaimed } from "../workflow/process-skills.js";
import { configuredSigner, type LoadedSigner } from "../workflow/signing-key.js";
import type { JobEvent, WorkerOptions } from "./queue.types.js";

/** What every job of one worker process shares: the store, the policy and the signing key, loaded once. */
export interface JobContext {
  store: Store;
  policy: Policy;
  policyDigest: string;
  signer?: LoadedSigner;
  /** Who claims jobs in the audit log. */
  worker: string;
  opts: WorkerOptions;
}

export async function jobContext(store: Store, opts: WorkerOptions): Promise<JobContext> {
  const policy = loadPolicy(opts.policyPath);
  return {
    store,
    policy,
    policyDigest: policyDigest(policy),
    signer: await configuredSigner(opts.processEnv ?? process.env),
    worker: `worker ${process.pid}@${hostname()}`,
    opts,
  };
}

/**
 * One job: claim the submission (the next attempt), unpack the stored upload into a private
 * temp dir under the snapshot's limits, run the pipeline and record the verdict into that
 * submission. A submission already final is left alone (a retried job after a completed one),
 * so every submission reaches exactly one verdict. A crash is thrown: the queue retries it.
 */
export async function runSubmissionJob(id: number, ctx: JobContext): Promise<JobEvent> {
  const started = Date.now();
  const record = await ctx.store.claimSubmission(id, currentProcess(), ctx.worker);
  if (!record) return { submissionId: id, outcome: "skipped" };
  ctx.opts.onJob?.({ submissionId: id, outcome: "started", attempt: record.attempt });
  const fail = async (reason: string) => {
    const s = await ctx.store.failSubmission(id, reason, ctx.worker, { attempt: record.attempt });
    return { submissionId: id, outcome: "done", state: s.state, attempt: record.attempt, ms: Date.now() - started } as const;
  };
  const archive = await ctx.store.upload(id);
  if (!archive) return fail("input refused [NO_UPLOAD]: the submission has no stored upload");
  let unpacked: Awaited<ReturnType<typeof materialiseUpload>>;
  try {
    unpacked = await materialiseUpload(archive);
  } catch (err) {
    if (err instanceof ServiceError) return fail(`input refused [${err.code}]: ${errorMessage(err)}`);
    throw err;
  }
  try {
    const done = await processClaimed(unpacked.skillDir, record, {
      store: ctx.store,
      policy: ctx.policy,
      policyDigest: ctx.policyDigest,
      source: "submit",
      actor: record.submittedBy,
      signer: ctx.signer,
      pipeline: { skip: ctx.opts.skip as StageId[] | undefined, signal: ctx.opts.signal },
      home: ctx.opts.home,
      processEnv: ctx.opts.processEnv,
      attempt: record.attempt,
    });
    return { submissionId: id, outcome: "done", state: done.submission.state, attempt: record.attempt, ms: Date.now() - started };
  } finally {
    await unpacked.cleanup();
  }
}

/** The queue gave up on a job (retries exhausted or timed out every time): reviewers see a dead letter. */
export async function deadLetter(id: number, lastError: string, ctx: JobContext): Promise<JobEvent> {
  const s = await ctx.store.failSubmission(id, `gave up after repeated failures: ${lastError}`, ctx.worker, { deadLetter: true });
  return { submissionId: id, outcome: "dead-letter", state: s.state };
}
