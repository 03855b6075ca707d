import type PgBoss from "pg-boss";
import { errorMessage, InternalError } from "../errors.js";
import { redactText } from "../redact.js";
import { isPostgresUrl, openStore } from "../store/open.js";
import { PgStore } from "../store/postgres/pg-store.js";
import { DEAD, JOBS, startBoss, type JobData } from "./boss.js";
import { runLocalLoop } from "./local-loop.js";
import type { WorkerOptions } from "./queue.types.js";
import { deadLetter, jobContext, runSubmissionJob, type JobContext } from "./run-job.js";

/**
 * `skillsign worker --db URL`: takes jobs until `signal` aborts, `concurrency` at a time.
 * PostgreSQL: pg-boss jobs (any number of workers on any number of machines); a SQLite path:
 * the in-process loop over that file (one machine).
 */
export async function runWorker(dbUrl: string, opts: WorkerOptions = {}): Promise<void> {
  if (!isPostgresUrl(dbUrl)) {
    const { store } = await openStore({ db: dbUrl, processEnv: opts.processEnv });
    try {
      await runLocalLoop(await jobContext(store, opts));
    } finally {
      await store.close();
    }
    return;
  }
  const store = await new PgStore(dbUrl).init();
  let boss: PgBoss | undefined;
  // Stopping: no new jobs; running ones get STOP_GRACE_MS to finish, then they are cancelled
  // (containers removed), fail this attempt and are retried at once by another worker.
  const jobs = new AbortController();
  try {
    const ctx = await jobContext(store, { ...opts, signal: jobs.signal });
    boss = await startBoss(dbUrl, opts.processEnv);
    await startPolling(boss, ctx);
    await aborted(opts.signal);
  } finally {
    const cancel = setTimeout(() => jobs.abort(new InternalError("CANCELLED", "the worker is stopping")), STOP_GRACE_MS);
    await boss?.stop({ graceful: true, wait: true, timeout: STOP_GRACE_MS + 15_000 }).catch(() => undefined);
    clearTimeout(cancel);
    await store.close();
  }
}

const STOP_GRACE_MS = 25_000;

async function startPolling(boss: PgBoss, ctx: JobContext): Promise<void> {
  const concurrency = Math.max(1, Math.floor(ctx.opts.concurrency ?? 1));
  const report = ctx.opts.onJob ?? (() => undefined);
  for (let i = 0; i < concurrency; i++) {
    await boss.work<JobData>(JOBS, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      const id = job!.data.submissionId;
      try {
        report(await runSubmissionJob(id, ctx));
      } catch (err) {
        const message = redactText(errorMessage(err));
        report({ submissionId: id, outcome: "error", message });
        throw new InternalError("INTERNAL_ERROR", message); // pg-boss retries it, then sends it to the dead-letter queue
      }
    });
  }
  await boss.work<JobData>(DEAD, { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true }, async ([job]) => {
    report(await deadLetter(job!.data.submissionId, lastError(job!.output), ctx));
  });
}

/** pg-boss keeps the failed job's output: a thrown error's fields, or `{ value: { message } }` for a timeout. */
function lastError(output: unknown): string {
  const o = output as { message?: string; value?: { message?: string } } | null | undefined;
  return redactText(o?.message ?? o?.value?.message ?? "unknown error");
}

function aborted(signal?: AbortSignal): Promise<void> {
  if (!signal) return new Promise(() => undefined);
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}
