import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const DIST = resolve(__dirname, "../../dist/src/pipeline");

/**
 * 24 child processes at once on one run's abort signal, as a folder of skills gives the stage
 * runner (containers, Trivy, Semgrep lanes): no MaxListenersExceededWarning may reach stderr.
 * Runs in a child Node so the warning is observed exactly as a user's terminal would see it.
 */
function run(body: string): string {
  const script = `
    import { execa } from "execa";
    import { runStoppable } from ${JSON.stringify(join(DIST, "stop.js"))};
    import { guarded } from ${JSON.stringify(join(DIST, "guarded.js"))};
    const many = (signal) => Promise.all(Array.from({ length: 24 }, () => execa("sleep", ["0.2"], { cancelSignal: signal, reject: false })));
    ${body}
  `;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: resolve(__dirname, "../.."), encoding: "utf8", timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stderr;
}

describe("the run's shared abort signals", () => {
  it("take a folder's worth of concurrent listeners without a warning (runStoppable and each guarded stage call)", () => {
    const stderr = run(`
      await runStoppable(async (signal) => {
        await many(signal);
        const env = { signal, stageTimeoutMs: 30_000 };
        await guarded({ id: "semgrep" }, env, (e) => many(e.signal));
      });
    `);
    expect(stderr).not.toMatch(/MaxListenersExceededWarning|Warning/);
  });

  it("(control) a plain AbortController would print the warning, so the check above can fail", () => {
    expect(run("await many(new AbortController().signal);")).toMatch(/MaxListenersExceededWarning/);
  });
});
