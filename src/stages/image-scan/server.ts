import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { InternalError } from "../../errors.js";
import { readProcStat } from "../../proc-stat.js";
import { writeEmptyVulnDb } from "./empty-db.js";
import { withStartLock } from "./server-lock.js";
import { vulnDb } from "./vuln-db.js";

/** Where scans send their analysis: one `trivy server` shared by every scan (and worker) of a machine. */
export interface TrivyServer {
  url: string;
  token?: string;
}

interface State {
  pid: number;
  startTicks: string;
  port: number;
  token: string;
  /** The vulnerability DB the server was started with ("none": the empty placeholder). */
  vulnDb: string;
}

const START_TIMEOUT_MS = 60_000;

/**
 * The server's keeper: runs trivy server and stops it once no scan has used it for the idle time
 * (every scan touches last-used), so servers started for throwaway caches do not pile up.
 * Killing the keeper (the recorded pid) stops the server too.
 */
const IDLE_WATCH = `used=$1; idle=$2; shift 2
"$@" & s=$!
trap 'kill $s 2>/dev/null; exit 0' TERM INT
while kill -0 $s 2>/dev/null; do
  sleep 2
  last=$(stat -c %Y "$used" 2>/dev/null || echo 0)
  if [ $(( $(date +%s) - last )) -gt "$idle" ]; then kill $s 2>/dev/null; wait $s; exit 0; fi
done`;

function idleSeconds(env: NodeJS.ProcessEnv): number {
  const v = Number(env.SKILLSIGN_TRIVY_SERVER_IDLE_SECONDS);
  return Number.isFinite(v) && v >= 5 ? Math.floor(v) : 600;
}

/** Marks the server as used now (its keeper stops it after the idle time). */
function touch(dir: string): void {
  try {
    const f = join(dir, "last-used");
    writeFileSync(f, "");
  } catch {
    // The keeper then stops it a little early; the next scan starts another.
  }
}

/** Stops the server started for this trivy cache dir, if any (tests, `docs/image-scan.md`). */
export function stopTrivyServer(sharedCache: string): void {
  try {
    const s = JSON.parse(readFileSync(join(sharedCache, "server", "state.json"), "utf8")) as State;
    if (readProcStat(s.pid)?.startTicks === s.startTicks) process.kill(s.pid, "SIGTERM");
  } catch {
    // nothing running
  }
}

/**
 * Trivy in client/server mode, so concurrent scans never share a bbolt cache file (the cause of
 * "cache may be in use by another process"): SKILLSIGN_TRIVY_SERVER=URL uses that server (token
 * in SKILLSIGN_TRIVY_SERVER_TOKEN), `off` keeps the per-run caches (run-cache.ts); otherwise the
 * first scan starts one on 127.0.0.1 with its own cache dir (<trivy cache>/server) and a random
 * token, detached so it outlives that process and serves every later scan on this machine.
 */
export async function trivyServer(trivyPath: string, sharedCache: string, env: NodeJS.ProcessEnv): Promise<TrivyServer | undefined> {
  const configured = env.SKILLSIGN_TRIVY_SERVER;
  if (configured === "off") return undefined;
  if (configured) return { url: configured.replace(/\/+$/, ""), token: env.SKILLSIGN_TRIVY_SERVER_TOKEN };
  const dir = join(sharedCache, "server");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const want = dbKey(sharedCache);
  const running = await liveState(dir);
  touch(dir);
  if (running && running.vulnDb === want) return asServer(running);
  return withStartLock(dir, START_TIMEOUT_MS + 10_000, async () => {
    const again = await liveState(dir);
    if (again && again.vulnDb === want) return asServer(again);
    if (again) process.kill(again.pid, "SIGTERM"); // started with another DB: replace it
    return asServer(await start(trivyPath, sharedCache, dir, want, env));
  });
}

function asServer(s: State): TrivyServer {
  return { url: `http://127.0.0.1:${s.port}`, token: s.token };
}

function dbKey(sharedCache: string): string {
  const db = vulnDb(sharedCache);
  return db.present ? `db:${db.updatedAt ?? "unknown"}` : "none";
}

async function liveState(dir: string): Promise<State | undefined> {
  let s: State;
  try {
    s = JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as State;
  } catch {
    return undefined;
  }
  const stat = readProcStat(s.pid);
  if (!stat || stat.startTicks !== s.startTicks) return undefined;
  return (await healthy(s.port)) ? s : undefined;
}

async function healthy(port: number): Promise<boolean> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return r.ok;
  } catch {
    return false;
  }
}

async function start(trivyPath: string, sharedCache: string, dir: string, key: string, env: NodeJS.ProcessEnv): Promise<State> {
  const cache = join(dir, "cache");
  mkdirSync(cache, { recursive: true, mode: 0o700 });
  rmSync(join(cache, "db"), { recursive: true, force: true });
  // The real DB is shared read-only by symlink; without one the server gets the empty placeholder.
  if (key === "none") writeEmptyVulnDb(cache);
  else symlinkSync(join(sharedCache, "db"), join(cache, "db"));
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const log = openSync(join(dir, "server.log"), "a", 0o600);
  const keep = ["PATH", "HOME", "TMPDIR"];
  touch(dir);
  const args = ["server", "--listen", `127.0.0.1:${port}`, "--cache-dir", cache, "--skip-db-update", "--token", token];
  const child = spawn("sh", ["-c", IDLE_WATCH, "trivy-server", join(dir, "last-used"), String(idleSeconds(env)), trivyPath, ...args], {
    detached: true,
    stdio: ["ignore", log, log],
    env: Object.fromEntries(keep.filter((k) => env[k]).map((k) => [k, env[k]])),
  });
  closeSync(log);
  child.unref();
  const end = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < end) {
    if (child.exitCode !== null) break;
    if (await healthy(port)) {
      const state: State = { pid: child.pid!, startTicks: readProcStat(child.pid!)?.startTicks ?? "", port, token, vulnDb: key };
      const tmp = join(dir, `state.json.${process.pid}.tmp`);
      writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
      renameSync(tmp, join(dir, "state.json"));
      return state;
    }
    await sleep(200);
  }
  if (child.exitCode === null) child.kill("SIGKILL");
  throw new InternalError("TOOL_FAILED", `trivy server did not start (see ${join(dir, "server.log")})`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
