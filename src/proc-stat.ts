import { readFileSync } from "node:fs";

/** A process's command name, state letter, parent and start time (clock ticks since boot) from /proc/PID/stat. */
export interface ProcStat {
  comm: string;
  state: string;
  ppid: number;
  startTicks: string;
}

/** undefined: no /proc on this system (or unreadable); null: no such process. */
export function readProcStat(pid: number): ProcStat | null | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ESRCH") return hasProc() ? null : undefined;
    return undefined;
  }
  // Fields after the command name (which may itself contain spaces and parentheses).
  const close = text.lastIndexOf(")");
  const rest = text.slice(close + 2).split(" ");
  return { comm: text.slice(text.indexOf("(") + 1, close), state: rest[0] ?? "", ppid: Number(rest[1]), startTicks: rest[19] ?? "" };
}

function hasProc(): boolean {
  try {
    readFileSync("/proc/self/stat");
    return true;
  } catch {
    return false;
  }
}
