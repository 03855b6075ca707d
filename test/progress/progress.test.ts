import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgress, formatMs, progressEnabled } from "../../src/progress/index.js";

function fakeStream(isTTY: boolean, columns = 80): NodeJS.WriteStream & { text(): string } {
  const chunks: string[] = [];
  const s = new PassThrough() as unknown as NodeJS.WriteStream & { text(): string };
  Object.assign(s, {
    isTTY,
    columns,
    write: (c: string | Buffer) => (chunks.push(String(c)), true),
    cursorTo: () => true,
    moveCursor: () => true,
    clearLine: () => true,
    text: () => chunks.join(""),
  });
  return s;
}

describe("progress", () => {
  it.each([
    ["not a TTY", { stream: fakeStream(false), env: {} }, false],
    ["CI is set", { stream: fakeStream(true), env: { CI: "true" } }, false],
    ["JSON/SARIF goes to stdout", { stream: fakeStream(true), env: {}, machineOutputOnStdout: true }, false],
    ["a terminal of unknown width (0 columns)", { stream: fakeStream(true, 0), env: {} }, false],
    ["an interactive terminal", { stream: fakeStream(true), env: {} }, true],
  ])("is %s → enabled=%s", (_name, options, want) => {
    expect(progressEnabled(options)).toBe(want);
  });

  it("writes nothing when disabled", async () => {
    const stream = fakeStream(false);
    const p = await createProgress({ stream, env: {} });
    p.onProgress({ kind: "stage-start", stage: "semgrep", skills: 3 });
    p.onProgress({ kind: "stage-end", stage: "semgrep", skills: 3, durationMs: 1500 });
    p.stop();
    expect(stream.text()).toBe("");
  });

  it("shows each stage with the number of skills and elapsed time on a TTY", async () => {
    const stream = fakeStream(true);
    const p = await createProgress({ stream, env: {} });
    p.onProgress({ kind: "stage-start", stage: "semgrep", skills: 3 });
    p.onProgress({ kind: "skill-done", path: "/x" });
    p.onProgress({ kind: "stage-end", stage: "semgrep", skills: 3, durationMs: 1500 });
    p.stop();
    expect(stream.text()).toContain("semgrep: 3 skills in 1.5 s");
  });

  it("formats durations", () => {
    expect(formatMs(250)).toBe("250 ms");
    expect(formatMs(12_345)).toBe("12.3 s");
  });
});
