import { posix } from "node:path";
import { allGoStrings, readGoString, readGoStringList } from "./go-quote.js";
import type { SyscallHeader } from "./strace-record.js";
import type { TraceEvent } from "./trace.types.js";

/**
 * Pure parser for the syscall lines runsc (0.0~20221219) writes with --strace, e.g.
 *   I1124 10:27:26.382643  9031 strace.go:567] [   2:   2] python3 E connect(0x3 socket:[1], 0x7f… {Family: AF_INET, Addr: 127.0.0.1, Port: 9}, 0x10)
 * "E" lines are syscall entry (buffers being written are shown), "X" lines exit (with result and errno).
 */
const LINE = /^[IDWE]\d{4} [\d:.]+\s+\d+ strace\.go:\d+\] \[\s*(\d+):\s*\d+\] (.+?) ([EX]) (\w+)\((.*)$/;
const RESULT = /\) = (-?\d+) \(0x[0-9a-f]+\)( errno=(\d+) \([^)]*\))? \([^)]*\)$/;
const SOCKADDR = /\{Family: (\w+), Addr: ("(?:[^"\\]|\\.)*"|[^,}]*)(?:, Port: (\d+))?\}/;
const SINGLE_BUFFER = new Set(["write", "pwrite64"]);
const WRITE_SYSCALLS = new Set(["write", "pwrite64", "writev", "pwritev", "pwritev2"]);
const FS_CHANGE = new Set(["mkdir", "mkdirat", "rename", "renameat", "renameat2", "unlink", "unlinkat", "symlink", "symlinkat", "link", "linkat", "truncate", "chmod", "fchmodat"]);
const FORKS = new Set(["clone", "clone3", "fork", "vfork"]);
const WRITE_FLAGS = /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND/;

/** What one syscall record says: an event of interest, nothing, or why it could not be read. */
export interface SyscallParse {
  event?: TraceEvent;
  /** Set when a record of a syscall we judge does not have the shape this runsc prints. */
  unreadable?: string;
}

/** Legacy text lines (old logs and tests); the stage itself reads only JSON-framed records. */
export function parseStraceLine(line: string): TraceEvent | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  return parseSyscall({ pid: Number(m[1]), tid: Number(m[1]), comm: m[2]!, phase: m[3] as "E" | "X", syscall: m[4]!, args: m[5]! }).event;
}

/** Judges one split record (see strace-record.ts for the framing). */
export function parseSyscall(h: SyscallHeader, wantBuffer?: (raw: string) => boolean): SyscallParse {
  const { pid, comm, syscall, args: rest } = h;
  if (h.phase === "E") return { event: entryEvent(pid, comm, syscall, rest, wantBuffer) };
  const r = RESULT.exec(rest);
  if (!r) return { unreadable: `${syscall} exit record without a result` };
  const ok = r[2] === undefined;
  const args = rest.slice(0, r.index);
  const need = (e: TraceEvent | undefined, ofInterest = true): SyscallParse => (e || !ofInterest ? { event: e } : { unreadable: `unreadable ${syscall} record` });
  if (syscall === "execve" || syscall === "execveat") return need(execEvent(pid, comm, args, ok));
  if (syscall === "connect" || syscall === "sendto") return need(connectEvent(pid, comm, syscall, args, ok), /AF_INET/.test(args));
  if (syscall === "open" || syscall === "openat" || syscall === "creat") return need(openEvent(pid, comm, syscall, args, ok, h.cwd));
  // `mkdir -p ~/.tool/x` tries every parent: EEXIST (17) on /home changed nothing and is not a write.
  if ((syscall === "mkdir" || syscall === "mkdirat") && r[3] === "17") return {};
  if (FS_CHANGE.has(syscall)) return need(fsChangeEvent(pid, comm, syscall, args, ok, h.cwd));
  if (FORKS.has(syscall) && r[3] === "11") return { event: { kind: "fork-failed", pid, comm, syscall } };
  return {};
}

/** The directory a successful chdir/fchdir made current (relative paths of non-*at syscalls resolve against it). */
export function chdirTarget(h: SyscallHeader, cwd: string): string | undefined {
  if (h.phase !== "X" || (h.syscall !== "chdir" && h.syscall !== "fchdir")) return undefined;
  const r = RESULT.exec(h.args);
  if (!r || r[2] !== undefined) return undefined;
  const m = /^0x[0-9a-f]+ (.*)$/s.exec(h.args.slice(0, r.index));
  return m ? resolve(cwd, m[1]!) : undefined;
}

/** The child a successful clone/fork/vfork exit record created (its result), for tracking who runs what. */
export function forkChild(h: SyscallHeader): number | undefined {
  if (h.phase !== "X" || !FORKS.has(h.syscall)) return undefined;
  const r = RESULT.exec(h.args);
  const n = r && r[2] === undefined ? Number(r[1]) : 0;
  return n > 0 ? n : undefined;
}

/** Buffers are only printed in full on entry: writes and sendmsg are read from "E" lines. */
/**
 * `wantBuffer` sees the still-quoted arguments of single-buffer writes and may skip decoding them
 * (decoding big buffers in a loop is the cost of a log flood). Multi-buffer calls (sendmsg,
 * writev…) are always decoded: a value split across iovecs only shows once they are joined.
 */
function entryEvent(pid: number, comm: string, syscall: string, rest: string, wantBuffer?: (raw: string) => boolean): TraceEvent | undefined {
  if (!WRITE_SYSCALLS.has(syscall) && syscall !== "sendmsg") return undefined;
  const fd = /^0x[0-9a-f]+ ([^,]*)/.exec(rest)?.[1] ?? "";
  const socket = syscall === "sendmsg" || fd.startsWith("socket:");
  if (!socket && !fd.startsWith("/")) return undefined; // host:[n] stdio and pipe:[n] are captured elsewhere
  if (wantBuffer && SINGLE_BUFFER.has(syscall) && !wantBuffer(rest)) return undefined;
  const data = allGoStrings(rest).join("");
  return socket ? { kind: "send", pid, comm, syscall, target: fd, data } : { kind: "file-write", pid, comm, path: fd, data };
}

function execEvent(pid: number, comm: string, args: string, ok: boolean): TraceEvent | undefined {
  const pathMatch = /^0x[0-9a-f]+ (.*?), 0x[0-9a-f]+ \[/s.exec(args);
  if (!pathMatch) return undefined;
  const list = readGoStringList(args, pathMatch[0].length - 1);
  return { kind: "exec", pid, comm, path: pathMatch[1]!, argv: list?.values ?? [], ok };
}

function connectEvent(pid: number, comm: string, syscall: string, args: string, ok: boolean): TraceEvent | undefined {
  const s = SOCKADDR.exec(args);
  if (!s) return undefined;
  const rawAddr = s[2]!.trim();
  const addr = rawAddr.startsWith('"') ? (readGoString(rawAddr, 0)?.value ?? rawAddr) : rawAddr;
  return { kind: "connect", pid, comm, syscall, family: s[1]!, addr, port: s[3] ? Number(s[3]) : undefined, ok };
}

/** openat(AT_FDCWD /work, 0x7f… relative/or/absolute, O_WRONLY|O_CREAT, 0o666): paths are printed raw. */
function openEvent(pid: number, comm: string, syscall: string, args: string, ok: boolean, cwd = "/"): TraceEvent | undefined {
  if (syscall === "creat") {
    // creat(0x… path, 0o666): no flags, always a write-open.
    const c = /^0x[0-9a-f]+ (.*), 0o[0-7]+$/s.exec(args);
    return c ? { kind: "open", pid, comm, path: resolve(cwd, c[1]!), flags: "O_WRONLY|O_CREAT|O_TRUNC", write: true, ok } : undefined;
  }
  const m =
    syscall === "openat"
      ? /^(?:AT_FDCWD|0x[0-9a-f]+) ?(.*?), 0x[0-9a-f]+ (.*), ((?:O_[A-Z_]+|0x[0-9a-f]+)(?:\|(?:O_[A-Z_]+|0x[0-9a-f]+))*), 0o[0-7]+$/s.exec(args)
      : /^()0x[0-9a-f]+ (.*), ((?:O_[A-Z_]+|0x[0-9a-f]+)(?:\|(?:O_[A-Z_]+|0x[0-9a-f]+))*), 0o[0-7]+$/s.exec(args);
  if (!m) return undefined;
  const flags = m[3]!;
  return { kind: "open", pid, comm, path: resolve(syscall === "openat" ? m[1]! : cwd, m[2]!), flags, write: WRITE_FLAGS.test(flags), ok };
}

/** mkdirat(AT_FDCWD /home/u, 0x… .config/autostart, 0o777); renameat(…, old, …, new): the last path wins. */
function fsChangeEvent(pid: number, comm: string, syscall: string, args: string, ok: boolean, cwd = "/"): TraceEvent | undefined {
  // The directory fd printed right before the last path is the one it is relative to (symlinkat and renameat
  // put another argument first); an fd printed without a path leaves the process's cwd.
  const dir = [...args.matchAll(/(?:AT_FDCWD|0x[0-9a-f]+) (\/[^,]*), 0x[0-9a-f]+ /g)].at(-1)?.[1] ?? cwd;
  const paths = [...args.matchAll(/0x[0-9a-f]+ ([^,]+?)(?=, |$)/g)].map((x) => x[1]!).filter((p) => !/^\/?[a-z]+:\[/.test(p));
  const target = paths.at(-1);
  if (!target) return undefined;
  const base = syscall.endsWith("at") || syscall === "renameat2" ? dir : cwd;
  return { kind: "fs-change", pid, comm, syscall, path: resolve(base, target), ok };
}

function resolve(dir: string, p: string): string {
  if (p.startsWith("/")) return posix.normalize(p);
  return posix.normalize(posix.join(dir || "/", p));
}

/** Parses a whole log (or a chunk of one); lines that are not syscalls of interest are ignored. */
export function parseStraceLog(text: string): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (const line of text.split("\n")) {
    const e = parseStraceLine(line);
    if (e) out.push(e);
  }
  return out;
}
