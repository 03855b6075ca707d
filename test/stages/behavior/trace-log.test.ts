import { copyFileSync, mkdtempSync as makeTemp, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { containerLogFiles, hasStrace, readTraceEvents, traceDirFromArgs } from "../../../src/stages/behavior/trace-log.js";

const SAMPLE = resolve(import.meta.dirname, "../../fixtures/runsc/probe-boot.log");
const JSON_SAMPLE = resolve(import.meta.dirname, "../../fixtures/runsc/probe-json-boot.log");
// The container id in the sample's "Args:" header line.
const SAMPLE_ID = "c4a1f6801780";
const temps: string[] = [];
const mkdtempSync = (prefix: string) => {
  const d = makeTemp(prefix);
  temps.push(d);
  return d;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("runsc trace logs", () => {
  it("reads the debug-log directory and strace flag from the runtime's arguments", () => {
    const args = ["--network=none", "--strace", "--debug", "--debug-log=/var/log/skillsign-runsc/"];
    expect(traceDirFromArgs(args)).toBe("/var/log/skillsign-runsc");
    expect(hasStrace(args)).toBe(true);
    expect(traceDirFromArgs(["--debug-log=/var/log/one-file.log"])).toBeUndefined();
    expect(hasStrace(["--network=none"])).toBe(false);
  });

  it("finds a container's files by the id in their header, and not another container's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skillsign-trace-test-"));
    copyFileSync(SAMPLE, join(dir, "runsc.log.20261124-103043.494923.boot.txt"));
    writeFileSync(join(dir, "runsc.log.20261124-103043.1.create.txt"), "I1124 main.go:217] Args: [runsc create deadbeef0000]\n");
    const full = (await import("node:fs")).readFileSync(SAMPLE, "utf8").match(/[0-9a-f]{64}/)![0];
    expect(full.startsWith(SAMPLE_ID)).toBe(true);
    expect((await containerLogFiles(dir, full)).map((f) => f.split("/").pop())).toEqual(["runsc.log.20261124-103043.494923.boot.txt"]);
    expect(await containerLogFiles(dir, "f".repeat(64))).toEqual([]);
  });

  it("refuses an unframed (text) boot log: every line is unreadable, so the stage fails closed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skillsign-trace-test-"));
    const boot = join(dir, "runsc.log.20261124-103043.494923.boot.txt");
    copyFileSync(SAMPLE, boot);
    expect((await readTraceEvents([SAMPLE])).syscallLines).toBe(0); // not a boot log: not read
    const read = await readTraceEvents([join(dir, "runsc.log.x.create.txt"), boot]);
    expect(read.unreadable).toBeGreaterThan(50);
    expect(read.events.filter((e) => e.kind !== "evasion")).toEqual([]);
  });

  it("streams a JSON boot log's events through the triage", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skillsign-trace-test-"));
    const boot = join(dir, "runsc.log.20261130-175731.555998.boot.txt");
    copyFileSync(JSON_SAMPLE, boot);
    const read = await readTraceEvents([boot]);
    expect(read.syscallLines).toBeGreaterThan(50);
    expect(read.events.some((e) => e.kind === "connect" && e.port === 9)).toBe(true);
    const filtered = await readTraceEvents([boot], { triage: (e) => (e.kind === "exec" ? "keep" : "drop") });
    expect(filtered.events.filter((e) => e.kind !== "evasion").every((e) => e.kind === "exec")).toBe(true);
  });

  it("reports zero syscall lines when there is no boot log (so the stage can fail closed)", async () => {
    expect(await readTraceEvents([])).toMatchObject({ syscallLines: 0, events: [] });
  });
});

describe("stale workspaces", () => {
  it("removes only old behaviour workspaces", async () => {
    const { removeStaleWorkspaces } = await import("../../../src/stages/behavior/workspace.js");
    const { existsSync, mkdirSync, utimesSync } = await import("node:fs");
    const base = mkdtempSync(join(tmpdir(), "skillsign-trace-test-"));
    const old = join(base, "skillsign-behavior-aaaa-1");
    const fresh = join(base, "skillsign-behavior-bbbb-2");
    const unrelated = join(base, "something-else");
    for (const d of [old, fresh, unrelated]) mkdirSync(d);
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(old, hourAgo, hourAgo);
    utimesSync(unrelated, hourAgo, hourAgo);
    await removeStaleWorkspaces(30 * 60_000, base);
    expect([existsSync(old), existsSync(fresh), existsSync(unrelated)]).toEqual([false, true, true]);
  });
});
