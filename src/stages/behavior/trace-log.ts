import { createReadStream } from "node:fs";
import * as fs from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseStraceLine } from "./strace-parse.js";
import type { TraceEvent } from "./trace.types.js";

/**
 * runsc 2022 does not expand %ID% in --debug-log, so every monitored sandbox writes into one
 * shared directory. Each runsc invocation writes its own file whose "Args:" header names the
 * container id; matching on that id lets concurrent runs find their own files without a lock.
 */
export const DEFAULT_TRACE_DIR = "/var/log/skillsign-runsc";
const HEAD_BYTES = 16 * 1024;
/** Files older than this belong to runs that crashed before cleaning up. */
const STALE_MS = 60 * 60_000;

export function traceDirFromArgs(runtimeArgs: string[] | undefined): string | undefined {
  for (const a of runtimeArgs ?? []) {
    const m = /^--debug-log=(.+)$/.exec(a);
    if (m) return m[1]!.endsWith("/") ? m[1]!.slice(0, -1) : undefined; // a file path, not a dir: unusable
  }
  return undefined;
}

export function hasStrace(runtimeArgs: string[] | undefined): boolean {
  return (runtimeArgs ?? []).some((a) => a === "--strace" || a === "--strace=true");
}

/** The log files one container produced (create, gofer, boot, start, kill, delete…). */
export async function containerLogFiles(dir: string, containerId: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith("runsc.log.")) continue;
    const path = join(dir, name);
    const head = await readHead(path);
    if (head.includes(containerId)) out.push(path);
  }
  return out.sort();
}

export interface TraceRead {
  events: TraceEvent[];
  /** Counted rather than kept: a fork bomb produces thousands. */
  forkFailures: number;
  /** runsc's version as its boot log reports it. */
  runscVersion?: string;
  lines: number;
  /** Syscall lines seen: zero means the sandbox was not traced, so nothing was observed. */
  syscallLines: number;
  truncated: boolean;
}

/** Streams the boot log (the sandbox's own log, where --strace writes) into events, within limits. */
export async function readTraceEvents(
  files: string[],
  keep: (e: TraceEvent) => boolean = () => true,
  maxLines = 3_000_000,
  maxEvents = 20_000,
): Promise<TraceRead> {
  const boot = files.find((f) => f.endsWith(".boot.txt") || f.includes(".boot"));
  const read: TraceRead = { events: [], forkFailures: 0, lines: 0, syscallLines: 0, truncated: false };
  if (!boot) return read;
  const rl = createInterface({ input: createReadStream(boot, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of rl) {
    if (++read.lines > maxLines) {
      read.truncated = true;
      break;
    }
    if (!line.includes("strace.go")) {
      if (!read.runscVersion && line.includes("] Version ")) read.runscVersion = /\] Version (\S+)/.exec(line)?.[1];
      continue;
    }
    read.syscallLines++;
    const e = parseStraceLine(line);
    if (!e) continue;
    if (e.kind === "fork-failed") {
      read.forkFailures++;
      continue;
    }
    if (!keep(e)) continue;
    if (read.events.length >= maxEvents) {
      read.truncated = true;
      continue;
    }
    read.events.push(e);
  }
  rl.close();
  return read;
}

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

async function readHead(path: string): Promise<string> {
  const fh = await fs.open(path, "r").catch(() => undefined);
  if (!fh) return "";
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead).toString("utf8");
  } finally {
    await fh.close();
  }
}
