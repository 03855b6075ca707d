import * as fs from "node:fs/promises";
import { join } from "node:path";
import { readLogHead, traceDirFromArgs } from "../../sandbox/runsc-log.js";
import { TRACED_SYSCALLS } from "./strace-record.js";

/**
 * runsc 2022 does not expand %ID% in --debug-log, so every monitored sandbox writes into one
 * shared directory. Each runsc invocation writes its own file whose "Args:" header names the
 * container id; matching on that id lets concurrent runs find their own files without a lock.
 */
export const DEFAULT_TRACE_DIR = "/var/log/skillsign-runsc";
/** Files older than this belong to runs that crashed before cleaning up. */
const STALE_MS = 60 * 60_000;

export { traceDirFromArgs };

export function hasStrace(runtimeArgs: string[] | undefined): boolean {
  return (runtimeArgs ?? []).some((a) => a === "--strace" || a === "--strace=true");
}

/**
 * The log is framed (JSON) and traces exactly the syscalls the parser knows: an unframed text log
 * lets the guest forge lines, and an unknown syscall in a record would make it unreadable.
 */
export function hasFramedTrace(runtimeArgs: string[] | undefined): boolean {
  const args = runtimeArgs ?? [];
  const list = args.find((a) => a.startsWith("--strace-syscalls="))?.slice("--strace-syscalls=".length).split(",");
  const traced = new Set<string>(TRACED_SYSCALLS);
  return args.includes("--debug-log-format=json") && !!list && list.length === traced.size && list.every((s) => traced.has(s));
}

/** The log files one container produced (create, gofer, boot, start, kill, delete…). */
export async function containerLogFiles(dir: string, containerId: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith("runsc.log.")) continue;
    const path = join(dir, name);
    const head = await readLogHead(path);
    if (head.includes(containerId)) out.push(path);
  }
  return out.sort();
}

// The reader lives in trace-read.ts; re-exported so callers keep one import for the trace log.
export { FLOOD_THRESHOLD, readTraceEvents, type EventTriage, type TraceRead, type TraceReadOptions } from "./trace-read.js";

export async function removeFiles(files: string[]): Promise<void> {
  await Promise.all(files.map((f) => fs.rm(f, { force: true })));
}

/** Removes monitored-run logs left by crashed runs, so the directory cannot grow without bound. */
export async function removeStaleLogs(dir: string, now = Date.now()): Promise<void> {
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith("runsc.log.")) continue;
    const path = join(dir, name);
    const st = await fs.stat(path).catch(() => undefined);
    if (st && now - st.mtimeMs > STALE_MS) await fs.rm(path, { force: true }).catch(() => undefined);
  }
}
