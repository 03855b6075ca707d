/**
 * Trusted framing for runsc's `--debug-log-format=json` log: every line is one JSON object written
 * by runsc, so guest-controlled strings (process names, paths, buffers) arrive JSON-escaped and can
 * never start a record. Inside a syscall record's `msg`, `[pid:tid] comm E|X syscall(args…` still
 * carries the guest's process name raw; this file splits it without letting the name shift it.
 */

/**
 * The syscalls the `runsc-trace` runtime logs (scripts/lib/docker.sh passes the same list to
 * --strace-syscalls). A header naming any other syscall is not a real header.
 */
export const TRACED_SYSCALLS = [
  "execve", "execveat", "connect", "sendto", "sendmsg", "sendmmsg", "socket", "bind", "prctl",
  "write", "writev", "pwrite64", "pwritev", "pwritev2", "open", "openat", "creat",
  "mkdir", "mkdirat", "rename", "renameat", "renameat2", "unlink", "unlinkat", "symlink", "symlinkat", "link", "linkat",
  "truncate", "chmod", "fchmodat", "clone", "clone3", "fork", "vfork", "chdir", "fchdir",
] as const;
const TRACED = new Set<string>(TRACED_SYSCALLS);

/** Linux keeps 15 bytes of a task name; runsc prints each byte as at most one character. */
const COMM_MAX_CHARS = 15;
const PREFIX = /^\[\s*(\d+):\s*(\d+)\] /;
const SEPARATOR = / ([EX]) ([a-z0-9_]+)\(/g;

export interface SyscallHeader {
  pid: number;
  tid: number;
  comm: string;
  phase: "E" | "X";
  syscall: string;
  /** Everything after `syscall(`. */
  args: string;
  /** The thread's working directory as tracked by the reader (for non-*at syscalls' relative paths). */
  cwd?: string;
}

export type RecordRead =
  | { kind: "syscall"; header: SyscallHeader }
  | { kind: "other"; msg: string }
  | { kind: "unreadable"; why: string };

/**
 * One log line → the runsc messages it carries, or why it is not made of runsc JSON records.
 * Under load runsc's writers interleave a record and another's newline, so a line can hold
 * several records back to back (`{…}{…}`); they are cut at top-level object ends, which guest
 * text cannot fake (inside JSON strings quotes and backslashes are escaped).
 */
export function readJsonLine(line: string): { msgs: string[] } | { why: string } {
  const msgs: string[] = [];
  // Fast path: one record per line (the rule); the character scan only for interleaved lines.
  const whole = (() => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      return undefined;
    }
  })();
  const parts = whole === undefined ? topLevelObjects(line) : [];
  if (whole !== undefined) {
    if (!whole || typeof whole !== "object" || typeof (whole as { msg?: unknown }).msg !== "string") return { why: "a JSON log record has no msg" };
    return { msgs: [(whole as { msg: string }).msg] };
  }
  for (const part of parts) {
    let o: unknown;
    try {
      o = JSON.parse(part);
    } catch {
      return { why: "a log line is not a JSON record (unframed or forged text)" };
    }
    if (!o || typeof o !== "object" || typeof (o as { msg?: unknown }).msg !== "string") return { why: "a JSON log record has no msg" };
    msgs.push((o as { msg: string }).msg);
  }
  return msgs.length ? { msgs } : { why: "a log line is not a JSON record (unframed or forged text)" };
}

/** Splits `{…}{…}` at the ends of top-level objects; anything else is returned whole (and fails to parse). */
function topLevelObjects(line: string): string[] {
  if (!line.startsWith("{")) return [line];
  const out: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) {
      out.push(line.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < line.length) out.push(line.slice(start));
  return out;
}

/** A line runsc's Go runtime printed raw when the sandbox itself crashed (thread limit, panic). */
export function isRuntimeCrashLine(line: string): boolean {
  return /(^|\})(panic: |fatal error: |runtime: |goroutine \d+ \[)/.test(line);
}

/**
 * Splits syscall messages. Several ` E|X name(` separators can fit in the first 15 characters
 * when the guest puts one in its process name (or an fd path right after a short name); then
 * the name this thread was last seen with decides, and with no such name the record is
 * unreadable (the stage fails closed) rather than guessed.
 */
export class RecordSplitter {
  private readonly comms = new Map<number, string>();
  /** The syscall each thread entered last: its exit record must name the same one. */
  private readonly pending = new Map<number, string>();

  read(msg: string): RecordRead {
    const p = PREFIX.exec(msg);
    if (!p) return { kind: "other", msg };
    const pid = Number(p[1]);
    const tid = Number(p[2]);
    const rest = msg.slice(p[0].length);
    const candidates: SyscallHeader[] = [];
    SEPARATOR.lastIndex = 0;
    for (let m = SEPARATOR.exec(rest); m; m = SEPARATOR.exec(rest)) {
      const comm = rest.slice(0, m.index);
      if ([...comm].length > COMM_MAX_CHARS) break;
      if (!TRACED.has(m[2]!)) {
        SEPARATOR.lastIndex = m.index + 1;
        continue;
      }
      candidates.push({ pid, tid, comm, phase: m[1] as "E" | "X", syscall: m[2]!, args: rest.slice(m.index + m[0].length) });
      SEPARATOR.lastIndex = m.index + 1;
    }
    // Task messages such as `Set thread name to "…"` share the prefix but name no traced syscall
    // within a process name's length: a real record always does.
    if (candidates.length === 0) return { kind: "other", msg };
    const entered = this.pending.get(tid);
    // A thread that entered a syscall exits it next; one that is not inside a syscall enters one.
    // (Only a tie-breaker: a lone candidate is taken even unpaired, e.g. an execve that returns on the leader thread.)
    const fits = candidates.filter((c) => (entered !== undefined ? c.phase === "X" && c.syscall === entered : !this.comms.has(tid) || c.phase === "E"));
    const paired = fits.length ? fits : candidates;
    const known = this.comms.get(tid);
    const chosen = paired.length === 1 ? paired[0] : paired.find((c) => c.comm === known);
    if (!chosen) return { kind: "unreadable", why: `ambiguous syscall record of thread ${tid} (its process name imitates a record)` };
    this.comms.set(tid, chosen.comm);
    if (chosen.phase === "E") this.pending.set(tid, chosen.syscall);
    else this.pending.delete(tid);
    return { kind: "syscall", header: chosen };
  }
}
