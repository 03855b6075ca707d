import type { Command } from "commander";
import { UsageError } from "../errors.js";
import type { JobEvent } from "../queue/queue.types.js";
import { dbOption, parseStageIds, policyFileOption, skipOption } from "./options.js";
import { SIGNAL_EXIT } from "./signals.js";

interface WorkerFlags {
  db?: string;
  concurrency?: string;
  policy?: string;
  skip?: string[];
}

/**
 * `skillsign worker --db postgres://…`: runs queued submissions (pg-boss jobs) until stopped.
 * SIGINT/SIGTERM stop taking jobs and let the running ones finish (at most 25 s); a job cut
 * short is cancelled (its containers removed) and retried at once on another worker.
 */
export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("run queued submissions from the store's job queue (any number of workers on any number of machines)")
    .addOption(dbOption("the shared store (PostgreSQL: pg-boss queue across machines; SQLite: this machine only)"))
    .option("--concurrency <n>", "jobs run at the same time by this worker", "1")
    .addOption(policyFileOption())
    .addOption(skipOption())
    .action(async (flags: WorkerFlags) => {
      const concurrency = Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError("USAGE_ERROR", "--concurrency: a whole number from 1 to 64");
      const skip = parseStageIds(flags.skip, "--skip");
      // The queue and store are loaded only now: `worker --help` stays light (test/cli/help-loads.test.ts).
      const [{ runWorker }, { usageFor }, { workerEnvAt }, { storeLocation }] = await Promise.all([
        import("../queue/worker.js"),
        import("../service/errors.js"),
        import("../service/settings/worker-env.js"),
        import("../store/open.js"),
      ]);
      const stop = new AbortController();
      for (const sig of ["SIGINT", "SIGTERM"] as const) {
        process.on(sig, () => {
          if (stop.signal.aborted) process.exit(SIGNAL_EXIT[sig]);
          process.exitCode = SIGNAL_EXIT[sig];
          process.stderr.write(`skillsign worker: ${sig}: no new jobs; running ones get 25 s, then are cancelled and retried by another worker\n`);
          stop.abort();
        });
      }
      process.stderr.write(`skillsign worker ${process.pid}: taking jobs, ${concurrency} at a time\n`);
      const db = storeLocation({ db: flags.db });
      // SNYK_TOKEN from the service's encrypted settings when SKILLSIGN_CONFIG_KEY is set (docs/service.md).
      const processEnv = await workerEnvAt(db, process.env).catch((err: unknown) => Promise.reject(usageFor(err)));
      await runWorker(db, { concurrency, skip, policyPath: flags.policy, signal: stop.signal, processEnv, onJob: (e) => process.stderr.write(`${line(e)}\n`) });
    });
}

function line(e: JobEvent): string {
  const attempt = e.attempt ? ` (attempt ${e.attempt})` : "";
  switch (e.outcome) {
    case "started":
      return `submission ${e.submissionId}: started${attempt}`;
    case "done":
      return `submission ${e.submissionId}: ${e.state}${attempt}${e.ms !== undefined ? ` in ${e.ms} ms` : ""}`;
    case "skipped":
      return `submission ${e.submissionId}: already decided, job acknowledged`;
    case "error":
      return `submission ${e.submissionId}: failed this attempt, the queue will retry: ${e.message}`;
    case "dead-letter":
      return `submission ${e.submissionId}: dead letter (retries exhausted), now ${e.state}`;
  }
}
