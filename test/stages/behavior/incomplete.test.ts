import { describe, expect, it } from "vitest";
import { incompleteReason } from "../../../src/stages/behavior/incomplete.js";
import { observedUse } from "../../../src/stages/behavior/observed.js";
import type { BehaviorRun } from "../../../src/stages/behavior/runner.js";
import type { TraceEvent } from "../../../src/stages/behavior/trace.types.js";

function run(extra: Partial<BehaviorRun> = {}, events: TraceEvent[] = []): BehaviorRun {
  const planned = { source: "script-no-args", command: "python3 scripts/x.py", origin: "scripts/x.py" } as const;
  return {
    runId: "0123456789abcdef",
    observations: [{ planned, end: { kind: "exited", exitCode: 0, oomKilled: false }, stdout: "", stderr: "", events, forkFailures: 0, diskExceeded: false, changedFiles: [], timeoutMs: 10_000 }],
    records: [],
    notRun: [],
    traceTruncated: false,
    traceRepeats: 0,
    workspaceIncomplete: false,
    writePaths: [],
    ...extra,
  } as BehaviorRun;
}

describe("a run not watched completely is never clean", () => {
  it("names unreadable records, exceeded bounds, a runtime crash and an unwalked workspace", () => {
    expect(incompleteReason(run())).toBeUndefined();
    expect(incompleteReason(run({ traceUnreadable: "1 unreadable record(s), first: ambiguous" }))).toMatch(/could not be read completely \(1 unreadable/);
    expect(incompleteReason(run({ traceTruncated: true }))).toMatch(/exceeded the analysis bounds/);
    expect(incompleteReason(run({ sandboxCrashed: "panic: x" }))).toMatch(/runtime crashed/);
    expect(incompleteReason(run({ workspaceIncomplete: true }))).toMatch(/more files than the watchdog walks/);
  });
});

describe("observed use for routing", () => {
  it("lists executed binaries by loaded path (not argv[0]) and successful writes", () => {
    const events: TraceEvent[] = [
      { kind: "exec", pid: 3, comm: "python3", path: "/bin/sh", argv: ["ls", "-c", "x"], ok: true },
      { kind: "exec", pid: 3, comm: "python3", path: "/usr/bin/curl", argv: ["curl"], ok: false },
      { kind: "open", pid: 3, comm: "python3", path: "/home/skill/.config/x", flags: "O_WRONLY|O_CREAT", write: true, ok: true },
      { kind: "open", pid: 3, comm: "python3", path: "/etc/cron.d/x", flags: "O_WRONLY|O_CREAT", write: true, ok: false },
    ];
    expect(observedUse(run({ writePaths: ["/home/skill/projects/x/out.txt"] }, events))).toEqual({ bins: ["sh"], writePaths: ["/home/skill/.config/x", "/home/skill/projects/x/out.txt"] });
  });
});
