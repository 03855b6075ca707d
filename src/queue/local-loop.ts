import { setTimeout as sleep } from "node:timers/promises";
import { errorMessage } from "../errors.js";
import { redactText } from "../redact.js";
import { livenessOf } from "../store/liveness.js";
import { jobTiming } from "./boss.js";
import { deadLetter, runSubmissionJob, type JobContext } from "./run-job.js";

/**
 * The single-machine queue (SQLite): the submissions table is the queue. Polls for `recorded`
 * service submissions (and `running` ones whose process died, e.g. a restarted `serve`), runs
 * `concurrency` at a time, retries a crash up to the retry limit, then dead-letters it.
 */
export async function runLocalLoop(ctx: JobContext): Promise<void> {
  const concurrency = Math.max(1, Math.floor(ctx.opts.concurrency ?? 1));
  const retries = jobTiming(ctx.opts.processEnv).retryLimit;
  const busy = new Set<number>();
  const lastErrors = new Map<number, string>();
  const signal = ctx.opts.signal;
  const report = ctx.opts.onJob ?? (() => undefined);
  const running = new Set<Promise<void>>();
  while (!signal?.aborted) {
    for (const id of await nextJobs(ctx, busy, concurrency - busy.size)) {
      busy.add(id);
      const p = (async () => {
        try {
          report(await runSubmissionJob(id, ctx));
          lastErrors.delete(id);
        } catch (err) {
          const message = redactText(errorMessage(err));
          report({ submissionId: id, outcome: "error", message });
          const s = await ctx.store.getSubmission(id);
          // attempt counts claims: after 1 + retries of them, give up.
          if (s && s.attempt > retries) report(await deadLetter(id, message, ctx));
          else lastErrors.set(id, message);
        } finally {
          busy.delete(id);
        }
      })();
      running.add(p);
      void p.finally(() => running.delete(p));
    }
    await sleep(200, undefined, { signal }).catch(() => undefined);
  }
  await Promise.allSettled([...running]);
}

async function nextJobs(ctx: JobContext, busy: Set<number>, room: number): Promise<number[]> {
  if (room <= 0) return [];
  const queued = (await ctx.store.listSubmissions({ state: "recorded", limit: room + busy.size })).map((s) => s.id);
  const lost = (await ctx.store.listSubmissions({ state: "running" }))
    .filter((s) => s.source === "service" && !busy.has(s.id) && (!s.owner || livenessOf(s.owner) === "dead" || s.owner.pid === process.pid))
    .map((s) => s.id);
  return [...lost, ...queued].filter((id) => !busy.has(id)).slice(0, room);
}
