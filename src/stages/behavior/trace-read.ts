import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { chdirTarget, forkChild, parseSyscall } from "./strace-parse.js";
import { isRuntimeCrashLine, readJsonLine, RecordSplitter } from "./strace-record.js";
import { EventAggregator, eventKey, type AggregateLimits } from "./trace-aggregate.js";
import type { TraceEvent } from "./trace.types.js";

export interface TraceRead {
  /** Aggregated: each behaviour a few times (see trace-aggregate.ts). */
  events: TraceEvent[];
  /** Counted rather than kept: a fork bomb produces thousands. */
  forkFailures: number;
  /** runsc's version as its boot log reports it. */
  runscVersion?: string;
  lines: number;
  /** Syscall records seen: zero means the sandbox was not traced, so nothing was observed. */
  syscallLines: number;
  /** Events not kept because the same behaviour was already kept (padding, loops). */
  repeats: number;
  /** A hard bound was hit (lines, distinct behaviours): the log was not analysed completely. */
  truncated: boolean;
  /** Records that could not be read (unframed text, ambiguous or malformed syscall records). */
  unreadable: number;
  /** Why the first unreadable record could not be read. */
  unreadableWhy?: string;
  /** The first raw line of a crash of the sandbox's own runtime (e.g. it ran out of host threads). */
  crashed?: string;
}

/** A process name with control characters, or one that imitates a record header, is aimed at the monitor. */
const FORGED = /[\u0000-\u001f\u007f]| [EX] [a-z0-9_]+\(/;
/** The same behaviour this many times in one command is padding aimed at the monitor's bounds. */
export const FLOOD_THRESHOLD = 5_000;

/** What to do with an event: drop it, keep it, or keep it as evidence that padding cannot crowd out. */
export type EventTriage = "drop" | "keep" | "priority";

export interface TraceReadOptions {
  triage?: (e: TraceEvent) => EventTriage;
  /** Thread-group ids whose syscalls are not the skill's (the chamber init, see docs/behavior.md). */
  ignorePids?: ReadonlySet<number>;
  /**
   * Sees a single write buffer still quoted; returning false skips decoding it (it cannot matter,
   * e.g. no canary is in it). Printable canary values are never escaped by runsc's %q quoting.
   */
  wantBuffer?: (raw: string) => boolean;
  /** The command's working directory (the guest work dir), until a chdir says otherwise. */
  initialCwd?: string;
  maxLines?: number;
  limits?: AggregateLimits;
}

/**
 * Streams the boot log (the sandbox's own log, where --strace writes) into events. The log must be
 * runsc's JSON format: one record per line, guest strings escaped inside it. Any line that is not
 * a JSON record (an unframed text log included) or a syscall record that cannot be read is counted
 * as unreadable, so the stage fails closed instead of missing what the line hid.
 */
export async function readTraceEvents(files: string[], opts: TraceReadOptions = {}): Promise<TraceRead> {
  const boot = files.find((f) => f.endsWith(".boot.txt") || f.includes(".boot"));
  const read: TraceRead = { events: [], forkFailures: 0, lines: 0, syscallLines: 0, repeats: 0, truncated: false, unreadable: 0 };
  if (!boot) return read;
  const triage = opts.triage ?? (() => "keep" as const);
  const maxLines = opts.maxLines ?? 3_000_000;
  const agg = new EventAggregator(opts.limits);
  const splitter = new RecordSplitter();
  const images = new Map<number, string>();
  const cwds = new Map<number, string>();
  const bad = (why: string) => {
    read.unreadable++;
    read.unreadableWhy ??= why;
  };
  const rl = createInterface({ input: createReadStream(boot, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of rl) {
    if (++read.lines > maxLines) {
      read.truncated = true;
      break;
    }
    if (line === "") continue;
    const framed = readJsonLine(line);
    if ("why" in framed) {
      // After the sandbox's own runtime crashes, its stack dump is raw text: not a forgery (the guest
      // cannot write raw lines), but the run was not watched to its end.
      if (read.crashed || isRuntimeCrashLine(line)) read.crashed ??= line.slice(0, 200);
      else bad(framed.why);
      continue;
    }
    for (const msg of framed.msgs) handle(msg);
  }
  rl.close();
  read.events = agg.events;
  read.repeats = agg.repeats;
  read.truncated ||= agg.overflow;
  return read;

  function handle(msg: string): void {
    const rec = splitter.read(msg);
    if (rec.kind === "other") {
      if (!read.runscVersion && rec.msg.startsWith("Version ")) read.runscVersion = rec.msg.slice(8).trim();
      return;
    }
    if (rec.kind === "unreadable") {
      read.syscallLines++;
      bad(rec.why);
      agg.add({ kind: "evasion", pid: 0, comm: "", what: "unreadable-record", detail: rec.why }, true);
      return;
    }
    read.syscallLines++;
    const h = rec.header;
    if (opts.ignorePids?.has(h.pid)) return;
    if (FORGED.test(h.comm)) agg.add({ kind: "evasion", pid: h.pid, comm: h.comm, what: "process-name", detail: `process name ${JSON.stringify(h.comm)} contains control characters or imitates a log record` }, true);
    // Who runs what, by executed binary: a process cannot rename its way out of "shell from code".
    const child = forkChild(h);
    if (child !== undefined && images.has(h.pid)) images.set(child, images.get(h.pid)!);
    const cwd = cwds.get(h.pid) ?? opts.initialCwd ?? "/";
    if (child !== undefined) cwds.set(child, cwd);
    const moved = chdirTarget(h, cwd);
    if (moved) cwds.set(h.pid, moved);
    h.cwd = cwd;
    const parsed = parseSyscall(h, opts.wantBuffer);
    if (parsed.event?.kind === "exec" && parsed.event.ok) {
      parsed.event.caller = images.get(h.pid);
      images.set(h.pid, parsed.event.path);
    } else if (parsed.event?.kind === "exec") parsed.event.caller = images.get(h.pid);
    if (parsed.unreadable) {
      bad(`${parsed.unreadable} (thread ${h.tid})`);
      agg.add({ kind: "evasion", pid: h.pid, comm: h.comm, what: "unreadable-record", detail: parsed.unreadable }, true);
    }
    const e = parsed.event;
    if (!e) return;
    if (e.kind === "fork-failed") {
      read.forkFailures++;
      return;
    }
    const path = "path" in e ? e.path : undefined;
    if (path && /[\n\r]/.test(path)) agg.add({ kind: "evasion", pid: h.pid, comm: h.comm, what: "path", detail: `${h.syscall} of a path with a line break: ${JSON.stringify(path)}` }, true);
    const t = triage(e);
    if (t === "drop") return;
    if (agg.add(e, t === "priority") === FLOOD_THRESHOLD) {
      agg.add({ kind: "evasion", pid: h.pid, comm: h.comm, what: "flood", detail: `the same ${e.kind} (${eventKey(e).split("\u0000").slice(1, 4).join(" ")}) ${FLOOD_THRESHOLD} times or more` }, true);
    }
  }
}

