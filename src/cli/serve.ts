import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { dbOption, parseStageIds, policyFileOption, skipOption } from "./options.js";
import { SIGNAL_EXIT } from "./signals.js";

interface ServeFlags {
  db?: string;
  listen: string;
  rateLimit: string;
  maxUploadMb: string;
  secureCookies?: boolean;
  localWorker: boolean;
  concurrency: string;
  policy?: string;
  skip?: string[];
}

/**
 * `skillsign serve --db URL --listen HOST:PORT`: the HTTP API, the reviewer page and /openapi.json.
 * With a SQLite store it also runs the jobs in this process (one machine); with PostgreSQL the jobs
 * wait for `skillsign worker` processes.
 */
export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("the HTTP API for creators and reviewers, the reviewer web page and /openapi.json")
    .addOption(dbOption("the store (SQLite: jobs also run in this process; PostgreSQL: skillsign worker runs them)"))
    .requiredOption("--listen <host:port>", "where to listen, e.g. 127.0.0.1:8080 (port 0: any free port)")
    .option("--rate-limit <n>", "requests per client (token, else address) per minute", "600")
    .option("--max-upload-mb <n>", "largest accepted upload (compressed)", "50")
    .option("--secure-cookies", "mark the web session cookie Secure (when served behind TLS)")
    .option("--no-local-worker", "with SQLite: do not run jobs in this process")
    .option("--concurrency <n>", "jobs the in-process worker runs at once (SQLite)", "1")
    .addOption(policyFileOption())
    .addOption(skipOption())
    .action(async (f: ServeFlags) => {
      const rate = wholeNumber(f.rateLimit, "--rate-limit", 1, 1_000_000);
      const maxMb = wholeNumber(f.maxUploadMb, "--max-upload-mb", 1, 1024);
      const concurrency = wholeNumber(f.concurrency, "--concurrency", 1, 64);
      const skip = parseStageIds(f.skip, "--skip");
      // The server, queue and store are loaded only now: `serve --help` stays light (test/cli/help-loads.test.ts).
      const [{ openQueue }, { startService }, { usageFor }, { workerEnvAt }, { isPostgresUrl, storeLocation }] = await Promise.all([
        import("../queue/index.js"),
        import("../service/server.js"),
        import("../service/errors.js"),
        import("../service/settings/worker-env.js"),
        import("../store/open.js"),
      ]);
      const db = storeLocation({ db: f.db });
      const local = f.localWorker && !isPostgresUrl(db);
      // The in-process worker gets SNYK_TOKEN from the encrypted settings (docs/service.md).
      const processEnv = local ? await workerEnvAt(db, process.env).catch((err: unknown) => Promise.reject(usageFor(err))) : process.env;
      const queue = await openQueue(db, { localWorker: local, worker: { concurrency, skip, policyPath: f.policy, processEnv } });
      const service = await startService({ db, listen: f.listen, queue, rateLimitPerMinute: rate, maxUploadBytes: maxMb * 1024 * 1024, secureCookies: f.secureCookies }).catch(async (err: unknown) => {
        await queue.close();
        throw err;
      });
      // The one line a script waits for (the port may have been 0).
      process.stdout.write(`skillsign serve: listening on ${service.url}\n`);
      await new Promise<void>((resolve) => {
        for (const sig of ["SIGINT", "SIGTERM"] as const) {
          process.once(sig, () => {
            process.exitCode = SIGNAL_EXIT[sig];
            resolve();
          });
        }
      });
      await service.close();
      await queue.close();
    });
}

function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError("USAGE_ERROR", `${flag}: a whole number from ${min} to ${max}`);
  return n;
}
