import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { InternalError } from "../../errors.js";
import { pidIsDead } from "../../sandbox/owner.js";

/** One starter per machine: a lock dir holding the starter's pid; a dead starter's lock is taken over. */
export async function withStartLock<T>(dir: string, waitMs: number, body: () => Promise<T>): Promise<T> {
  const lock = join(dir, "start.lock");
  const end = Date.now() + waitMs;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, "pid"), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      if (lockIsStale(lock)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > end) throw new InternalError("TOOL_FAILED", `waited too long for another process to start trivy server (${lock})`);
      else await sleep(250);
    }
  }
  try {
    return await body();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function lockIsStale(lock: string): boolean {
  try {
    const pid = Number(readFileSync(join(lock, "pid"), "utf8"));
    return Number.isInteger(pid) && pid > 0 && pidIsDead(pid, lstatSync(lock).mtimeMs);
  } catch {
    // No pid file yet: the owner is between mkdir and write, unless the dir is old.
    return existsSync(lock) && Date.now() - lstatSync(lock).mtimeMs > 10_000;
  }
}
