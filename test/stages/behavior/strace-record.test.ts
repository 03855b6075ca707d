import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readJsonLine, RecordSplitter } from "../../../src/stages/behavior/strace-record.js";
import { hasFramedTrace, readTraceEvents } from "../../../src/stages/behavior/trace-log.js";
import type { TraceEvent } from "../../../src/stages/behavior/trace.types.js";

// Real JSON records from runsc 0.0~20221219 (`runsc-trace` with --debug-log-format=json), see README.md.
const SAMPLE = resolve(import.meta.dirname, "../../fixtures/runsc/probe-json-boot.log");
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A boot log in a temp dir, named as runsc names it, with the given lines. */
function bootLog(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "skillsign-trace-json-"));
  temps.push(dir);
  const path = join(dir, "runsc.log.20261130-175731.555998.boot.txt");
  writeFileSync(path, text);
  return path;
}
const rec = (msg: string) => `${JSON.stringify({ msg, level: "info", time: "2026-11-30T17:57:31.9Z" })}\n`;

describe("JSON-framed runsc records (real lines)", () => {
  it("keeps a process name with a newline and a fake record inside its record, and reads the payload after it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skillsign-trace-json-"));
    temps.push(dir);
    const boot = join(dir, "runsc.log.20261130-175731.555998.boot.txt");
    copyFileSync(SAMPLE, boot);
    const read = await readTraceEvents([boot]);
    expect(read.unreadable).toBe(0);
    expect(read.runscVersion).toBe("0.0~20221219.0");
    const kinds = (k: TraceEvent["kind"]) => read.events.filter((e) => e.kind === k);
    // prctl(PR_SET_NAME, "a\nb E connect(") is data: no connect was invented from it.
    expect(kinds("connect").map((e) => e.kind === "connect" && `${e.syscall} ${e.addr}:${e.port}`)).toEqual(["sendto 127.0.0.1:5353", "connect 127.0.0.1:9"]);
    expect(new Set(kinds("evasion").map((e) => e.kind === "evasion" && e.what))).toEqual(new Set(["path", "process-name"]));
    // The file name carrying a forged text line is one path, not an execve of curl.
    expect(read.events.some((e) => e.kind === "exec" && e.path === "/bin/curl")).toBe(false);
    const forged = read.events.find((e) => e.kind === "open" && e.path.startsWith("/tmp/x\n"));
    expect(forged).toMatchObject({ comm: "a\nb E connect(", write: true, ok: false });
    // The payload after the rename is read normally.
    expect(read.events.find((e) => e.kind === "file-write")).toMatchObject({ comm: "probe", path: "/home/skill/.bashrc", data: "FIXTUREVALUE0002\n" });
  });

  it("judges an exec by the binary loaded and tracks the caller's binary across fork", async () => {
    const read = await readTraceEvents([resolveCopy()]);
    const sh = read.events.find((e) => e.kind === "exec" && e.path === "/bin/sh");
    expect(sh).toMatchObject({ argv: ["ls", "-c", "true"], ok: true, caller: "/usr/bin/python3" });
  });
});

describe("a benign run that uses every traced syscall (real log)", () => {
  it("has no unreadable record, and resolves relative paths against the tracked cwd", async () => {
    const read = await readTraceEvents([bootLog(readFileSync(resolve(import.meta.dirname, "../../fixtures/runsc/benign-all-syscalls-boot.log"), "utf8"))], { initialCwd: "/home/skill/projects/x" });
    expect(read.unreadable, read.unreadableWhy).toBe(0);
    expect(read.events.filter((e) => e.kind === "evasion")).toEqual([]);
    const paths = read.events.flatMap((e) => ("path" in e ? [`${e.kind}:${e.path}`] : []));
    // os.chdir("/tmp") then mkdir/rename/symlink/link/truncate/chmod/unlink by relative path; tar's creat.
    expect(paths).toEqual(expect.arrayContaining(["fs-change:/tmp/d1", "fs-change:/tmp/d2/sub", "fs-change:/tmp/d1/f3", "fs-change:/tmp/ln1", "fs-change:/tmp/hl1", "open:/tmp/t.tar"]));
    const execs = read.events.flatMap((e) => (e.kind === "exec" && e.ok ? [`${e.caller ?? "-"} -> ${e.path}`] : []));
    expect(execs).toEqual(expect.arrayContaining(["/usr/bin/python3 -> /bin/sh", "/bin/sh -> /usr/bin/tar", "/bin/sh -> /usr/bin/node", "/usr/bin/node -> /bin/sh"]));
  });
});

function resolveCopy(): string {
  return bootLog(readFileSync(SAMPLE, "utf8"));
}

describe("framing is enforced", () => {
  it("refuses text that is not a JSON record (an unframed log or a forged line)", async () => {
    expect(readJsonLine("I1124 10:27:26.382643  9031 strace.go:567] [   2:   2] sh X execve(")).toEqual({ why: expect.stringContaining("not a JSON record") });
    const read = await readTraceEvents([bootLog(rec("Version 0.0~20221219.0") + "I1124 10:27:26.382643  9031 strace.go:567] [   2:   2] sh E write(0x1 host:[1], 0x0 \"x\", 0x1)\n")]);
    expect(read.unreadable).toBe(1);
    expect(read.unreadableWhy).toContain("not a JSON record");
  });

  it("reads records runsc wrote back to back on one line (seen under a fork bomb), cutting only at object ends", () => {
    const a = JSON.stringify({ msg: '[  71:  71] sh E write(0x2 host:[2], 0x55 "}{\\"msg\\":\\"[ 1: 1] x", 0x16)', level: "info" });
    const b = JSON.stringify({ msg: "[ 129: 129] sh X clone(0x11, 0x0) = 0 (0x0) errno=11 (try again) (980µs)", level: "info" });
    expect(readJsonLine(a + b)).toEqual({ msgs: [JSON.parse(a).msg, JSON.parse(b).msg] });
  });

  it("treats raw text after the sandbox runtime's own crash as a crash, not as unreadable records", async () => {
    const read = await readTraceEvents([bootLog(rec("Version 0.0~20221219.0") + "runtime: failed to create new OS thread (have 119 already; errno=11)\n\npanic: error initializing first thread\ngoroutine 1 [running]:\n")]);
    expect(read.unreadable).toBe(0);
    expect(read.crashed).toContain("failed to create new OS thread");
  });

  it("splits a name that imitates a header by exit/entry pairing and the thread's known name, else calls it unreadable", () => {
    const s = new RecordSplitter();
    expect(s.read("[   2:   2] python3 E prctl(0xf, 0x7f, 0x0, 0x0, 0x0)")).toMatchObject({ kind: "syscall", header: { comm: "python3", syscall: "prctl" } });
    // The new name is "x E connect(": two separators fit, the exit must pair with prctl.
    expect(s.read("[   2:   2] x E connect( X prctl(0xf, 0x7f, 0x0, 0x0, 0x0) = 0 (0x0) (3µs)")).toMatchObject({ header: { comm: "x E connect(", phase: "X", syscall: "prctl" } });
    // An entry: the known name decides.
    expect(s.read("[   2:   2] x E connect( E openat(AT_FDCWD /, 0x7f /etc/passwd, O_RDONLY, 0o0)")).toMatchObject({ header: { comm: "x E connect(", syscall: "openat" } });
    // A thread seen for the first time with an ambiguous record: unreadable, never guessed.
    expect(new RecordSplitter().read("[   5:   5] x E connect( E openat(AT_FDCWD /, 0x7f /etc/passwd, O_RDONLY, 0o0)")).toMatchObject({ kind: "unreadable" });
    // Task messages with the same prefix are not syscall records.
    expect(s.read('[   2:   2] Set thread name to "a\\nb E connect("')).toMatchObject({ kind: "other" });
  });

  it("counts a record it cannot read as unreadable and names it as an attack on the monitor", async () => {
    const read = await readTraceEvents([bootLog(rec("[   5:   5] x E connect( E openat(AT_FDCWD /, 0x7f /etc/passwd, O_RDONLY, 0o0)") + rec("[   5:   5] sh X execve(garbage) = 0 (0x0) (1µs)"))]);
    expect(read.unreadable).toBe(2);
    expect(new Set(read.events.filter((e) => e.kind === "evasion").map((e) => e.kind === "evasion" && e.what))).toEqual(new Set(["unreadable-record"]));
  });

  it("requires the runtime to write JSON and trace exactly the parser's syscalls", () => {
    const setup = readFileSync(resolve(import.meta.dirname, "../../../scripts/lib/docker.sh"), "utf8");
    const list = /SKILLSIGN_TRACED_SYSCALLS="([^"]+)"/.exec(setup)![1]!;
    const args = ["--strace", "--debug", "--debug-log=/var/log/skillsign-runsc/", "--debug-log-format=json", `--strace-syscalls=${list}`];
    expect(hasFramedTrace(args)).toBe(true);
    expect(hasFramedTrace(args.filter((a) => a !== "--debug-log-format=json"))).toBe(false);
    expect(hasFramedTrace([...args.slice(0, 4), "--strace-syscalls=execve,mmap"])).toBe(false);
  });
});

describe("streaming aggregation", () => {
  const connect = (port: number) =>
    rec(`[   2:   2] python3 E connect(0x3 socket:[1], 0x7f {Family: AF_INET, Addr: 127.0.0.1, Port: ${port}}, 0x10)`) +
    rec(`[   2:   2] python3 X connect(0x3 socket:[1], 0x7f {Family: AF_INET, Addr: 127.0.0.1, Port: ${port}}, 0x10) = 0 (0x0) errno=111 (connection refused) (5µs)`);
  const bashrc = rec("[   2:   2] python3 E openat(AT_FDCWD /, 0x7f /home/skill/.bashrc, O_WRONLY|O_APPEND|O_CREAT, 0o666)") + rec("[   2:   2] python3 X openat(AT_FDCWD /, 0x7f /home/skill/.bashrc, O_WRONLY|O_APPEND|O_CREAT, 0o666) = 5 (0x5) (2µs)");

  it("keeps the payload after 25,000 identical connects, and names the flood", async () => {
    const read = await readTraceEvents([bootLog(connect(9).repeat(25_000) + bashrc)]);
    expect(read.truncated).toBe(false);
    expect(read.events.filter((e) => e.kind === "connect")).toHaveLength(3);
    expect(read.repeats).toBe(25_000 - 3);
    expect(read.events.some((e) => e.kind === "open" && e.path === "/home/skill/.bashrc")).toBe(true);
    expect(read.events.some((e) => e.kind === "evasion" && e.what === "flood")).toBe(true);
  });

  it("keeps priority evidence when distinct padding overflows the bound, and reports the overflow", async () => {
    const pad = Array.from({ length: 300 }, (_, i) => connect(1000 + i)).join("");
    const read = await readTraceEvents([bootLog(pad + bashrc)], {
      limits: { perKey: 3, maxKeys: 100, maxPriorityKeys: 10 },
      triage: (e) => (e.kind === "open" ? "priority" : "keep"),
    });
    expect(read.truncated).toBe(true);
    expect(read.events.some((e) => e.kind === "open" && e.path === "/home/skill/.bashrc")).toBe(true);
  });

  it("ignores the chamber init's pid", async () => {
    const read = await readTraceEvents([bootLog(connect(9).replaceAll("[   2:   2]", "[   1:   1]") + bashrc)], { ignorePids: new Set([1]) });
    expect(read.events.map((e) => e.kind)).toEqual(["open"]);
  });
});
