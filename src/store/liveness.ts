import { hostname } from "node:os";
import { readProcStat } from "../proc-stat.js";
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
  const stat = readProcStat(owner.pid);
  if (stat !== undefined) {
    if (stat === null) return "dead";
    if (stat.state === "Z" || stat.state === "X") return "dead";
    if (owner.startTime && stat.startTicks !== owner.startTime) return "dead";
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
  const stat = readProcStat(pid);
  return stat ? stat.startTicks : undefined;
}
