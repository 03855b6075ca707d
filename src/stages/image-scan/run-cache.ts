import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { ownerPidOf, pidIsDead } from "../../sandbox/owner.js";

/**
 * Trivy's scan cache (fanal/fanal.db) is a bbolt file Trivy opens read-write, with an exclusive
 * lock and a 5 s timeout: two concurrent Trivy runs on one cache dir fail with "cache may be in
 * use by another process". Each run therefore gets its own cache dir:
 * - fanal.db is COPIED from the shared one (a few hundred KB: the base image's analysed layers,
 *   so a warm run takes ~3 s instead of ~10-15 s cold), and the run's copy is promoted back by
 *   atomic rename afterwards, so the shared file is never opened by Trivy and never half-written;
 * - db/ and java-db/ are symlinked (hundreds of MB): Trivy's scan commands open trivy.db
 *   read-only (a shared lock), so concurrent runs may share it.
 */
export interface RunCache {
  dir: string;
  /** Copies this run's scan cache back to the shared dir (call after a successful run). */
  promote(): void;
  dispose(): void;
}

/** Above this the shared scan cache stops growing (copying it per run must stay cheap). */
const MAX_PROMOTED_BYTES = 64 * 1024 * 1024;
const FANAL = "fanal";
const DB_FILE = "fanal.db";

export function prepareRunCache(shared: string): RunCache {
  const runs = join(shared, "runs");
  mkdirSync(join(shared, FANAL), { recursive: true, mode: 0o700 });
  mkdirSync(runs, { recursive: true, mode: 0o700 });
  sweepDeadRuns(runs);
  const dir = mkdtempSync(join(runs, `${process.pid}-`));
  mkdirSync(join(dir, FANAL), { mode: 0o700 });
  const seed = join(shared, FANAL, DB_FILE);
  // The shared file is only ever replaced by rename, so this copy is always a whole file.
  if (existsSync(seed)) copyFileSync(seed, join(dir, FANAL, DB_FILE));
  for (const name of ["db", "java-db"]) {
    if (existsSync(join(shared, name))) symlinkSync(join(shared, name), join(dir, name));
  }
  return {
    dir,
    promote: () => promote(join(dir, FANAL, DB_FILE), seed),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function promote(from: string, to: string): void {
  try {
    if (!existsSync(from) || statSync(from).size > MAX_PROMOTED_BYTES) return;
    const tmp = `${to}.${process.pid}.${Date.now()}.tmp`;
    copyFileSync(from, tmp);
    renameSync(tmp, to);
  } catch {
    // Only a cache: the next run is just slower.
  }
}

/** Run dirs of processes that died before disposing of them (SIGKILL). */
function sweepDeadRuns(runs: string): void {
  for (const name of readdirSync(runs)) {
    const pid = ownerPidOf(name);
    const path = join(runs, name);
    if (pid !== undefined && pidIsDead(pid, bornMs(path))) rmSync(path, { recursive: true, force: true });
  }
}

function bornMs(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}
