import { readFileSync } from "node:fs";
import { readProcStat } from "../proc-stat.js";
import { currentProcess, livenessOf } from "../store/liveness.js";

/**
 * Which process owns a container, image or temp dir, so the next run can sweep what a SIGKILLed
 * one left at once (not only after an age bound) without touching a live run's resources.
 */
export const OWNER_LABEL = "dev.skillsign.owner";

/** `<host>:<pid>:<start time>`: the start time catches a reused pid. */
export function ownerLabelValue(): string {
  const me = currentProcess();
  return `${me.host}:${me.pid}:${me.startTime}`;
}

/** True only when the owner is known to be gone (another host, or unparsable: not ours to judge). */
export function ownerIsDead(label: string | undefined): boolean {
  const m = /^(.*):(\d+):(\d*)$/.exec(label ?? "");
  if (!m) return false;
  return livenessOf({ host: m[1]!, pid: Number(m[2]), startTime: m[3]! }) === "dead";
}

/** Temp dir names carry the owner pid right after their prefix: `<prefix><pid>-XXXXXX`. */
export function ownerPidOf(name: string, prefix = ""): number | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const m = /^(\d+)-/.exec(name.slice(prefix.length));
  return m ? Number(m[1]) : undefined;
}

/**
 * The pid no longer runs, or runs a process started after the dir was made (pid reused).
 * `bornMs`: when the dir was created (its mtime is a safe upper bound for our dirs).
 */
export function pidIsDead(pid: number, bornMs?: number): boolean {
  if (pid === process.pid) return false;
  const started = startedAtMs(pid);
  if (started === null) return true;
  return started !== undefined && bornMs !== undefined && started > bornMs + 1_000;
}

/** Epoch ms the process started; null when it does not exist; undefined when unknowable. */
function startedAtMs(pid: number): number | null | undefined {
  const stat = readProcStat(pid);
  if (stat === undefined) {
    // No /proc: existence is all that can be known.
    try {
      process.kill(pid, 0);
      return undefined;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === "ESRCH" ? null : undefined;
    }
  }
  if (stat === null || stat.state === "Z" || stat.state === "X") return null;
  const ticks = Number(stat.startTicks);
  const boot = bootTimeMs();
  // USER_HZ is 100 on every Linux this runs on.
  return Number.isFinite(ticks) && boot !== undefined ? boot + ticks * 10 : undefined;
}

let boot: number | undefined;
function bootTimeMs(): number | undefined {
  if (boot === undefined) {
    const m = /^btime (\d+)$/m.exec(safeRead("/proc/stat"));
    if (m) boot = Number(m[1]) * 1000;
  }
  return boot;
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
