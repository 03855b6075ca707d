import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import type { ProcessIdentity } from "./store.types.js";

/** This process, as recorded on the submissions it runs. */
export function currentProcess(): ProcessIdentity {
  return { pid: process.pid, host: hostname(), startTime: startTimeOf(process.pid) ?? "" };
}

export type Liveness = "alive" | "dead" | "unknown";

/** The failure reason recorded when the owner of a running submission is found dead. */
export const DIED_REASON = "process died during analysis";

/**
 * Whether the process that owns a running submission still exists. A pid on another host
 * cannot be checked from here ("unknown"); a reused pid is caught by its start time.
 */
export function livenessOf(owner: ProcessIdentity): Liveness {
  if (owner.host !== hostname()) return "unknown";
  const stat = readStat(owner.pid);
  if (stat !== undefined) {
    if (stat === null) return "dead";
    if (stat.state === "Z" || stat.state === "X") return "dead";
    if (owner.startTime && stat.startTime !== owner.startTime) return "dead";
    return "alive";
  }
  try {
    process.kill(owner.pid, 0);
    return "alive";
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH" ? "dead" : "alive";
  }
}

function startTimeOf(pid: number): string | undefined {
  const stat = readStat(pid);
  return stat ? stat.startTime : undefined;
}

/** undefined: no /proc on this system; null: no such process. */
function readStat(pid: number): { state: string; startTime: string } | null | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ESRCH") return hasProc() ? null : undefined;
    return undefined;
  }
  // Fields after the command name (which may itself contain spaces and parentheses).
  const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { state: rest[0] ?? "", startTime: rest[19] ?? "" };
}

function hasProc(): boolean {
  try {
    readFileSync("/proc/self/stat");
    return true;
  } catch {
    return false;
  }
}
