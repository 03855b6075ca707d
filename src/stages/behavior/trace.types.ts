/** One syscall of interest, read from a runsc --strace log line. Paths are as the guest saw them. */
export type TraceEvent =
  /** `caller`: the binary the calling process had executed (tracked by the reader), when known. */
  | { kind: "exec"; pid: number; comm: string; path: string; argv: string[]; ok: boolean; caller?: string }
  | { kind: "connect"; pid: number; comm: string; syscall: string; family: string; addr: string; port?: number; ok: boolean }
  | { kind: "send"; pid: number; comm: string; syscall: string; target: string; data: string }
  | { kind: "open"; pid: number; comm: string; path: string; flags: string; write: boolean; ok: boolean }
  | { kind: "fs-change"; pid: number; comm: string; syscall: string; path: string; ok: boolean }
  | { kind: "file-write"; pid: number; comm: string; path: string; data: string }
  | { kind: "fork-failed"; pid: number; comm: string; syscall: string }
  /** Something aimed at the monitor itself: a forged-looking process name or path, a flood, an unreadable record. */
  | { kind: "evasion"; pid: number; comm: string; what: "process-name" | "path" | "flood" | "unreadable-record"; detail: string };

export type TraceEventKind = TraceEvent["kind"];
