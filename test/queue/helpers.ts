import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { CLI, FIXTURES } from "../workflow/cli-harness.js";
import type { SubmissionQueue, SubmissionStatus } from "../../src/queue/index.js";

/** A fixture skill as the service receives it: a tar.gz of its one folder. */
export function tarball(name: string, dir = FIXTURES): Buffer {
  return execFileSync("tar", ["-czf", "-", "-C", dir, name], { maxBuffer: 64 * 1024 * 1024 });
}

/** Polls until every id is done or failed (or the time is up); returns the last statuses. */
export async function settle(queue: SubmissionQueue, ids: number[], timeoutMs: number): Promise<Map<number, SubmissionStatus>> {
  const seen = new Map<number, SubmissionStatus>();
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const id of ids) {
      const s = await queue.status(id);
      if (s) seen.set(id, s);
    }
    const open = ids.filter((id) => !["done", "failed"].includes(seen.get(id)?.state ?? ""));
    if (open.length === 0 || Date.now() > end) return seen;
    await sleep(250);
  }
}

/** The static stages only: the queue is the point, not the sandbox. */
export const STATIC_ONLY = ["semgrep", "dependencies", "build", "image-scan", "behavior"];

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it wrote to stderr so far (one line per job event). */
  log(): string;
  /** Sends the signal and resolves with the exit code once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A real `skillsign worker` process (the frozen dist/ build) on `db`, static stages only by default. */
export function spawnWorker(db: string, policy: string, env: NodeJS.ProcessEnv, extra: string[] = [], skip = STATIC_ONLY): WorkerProcess {
  const child = spawn(process.execPath, [CLI, "worker", "--db", db, "--policy", policy, "--skip", skip.join(","), ...extra], { env, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  return {
    child,
    log: () => log,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
