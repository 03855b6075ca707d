import { describe, expect, it } from "vitest";
import { guarded } from "../../src/pipeline/guarded.js";
import type { StageEnv } from "../../src/stages/stage.types.js";

function env(timeoutMs: number, signal = new AbortController().signal): StageEnv {
  return { home: "/nonexistent", cacheDir: "/nonexistent", assetsDir: "/nonexistent", signal, processEnv: {}, stageTimeoutMs: timeoutMs };
}

/** A stage that runs until told to stop, then takes `cleanupMs` to remove what it made. */
function stoppable(cleanupMs: number, log: string[]) {
  return (e: StageEnv) =>
    new Promise<string>((resolve) => {
      e.signal.addEventListener("abort", () => {
        log.push("abort seen");
        setTimeout(() => {
          log.push("cleaned up");
          resolve("cancelled");
        }, cleanupMs);
      });
    });
}

describe("guarded stage calls", () => {
  it("on timeout, aborts the stage's own signal and reports the timeout only after its cleanup finished", async () => {
    const log: string[] = [];
    const started = Date.now();
    await expect(guarded({ id: "build" }, env(100), stoppable(300, log))).rejects.toThrow("stage build timed out after 100 ms");
    expect(log).toEqual(["abort seen", "cleaned up"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  });

  it("gives a stage that ignores the abort only the cleanup bound", async () => {
    const started = Date.now();
    await expect(guarded({ id: "behavior" }, env(50), () => new Promise(() => undefined), 200)).rejects.toThrow("timed out");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("passes the run's abort (a signal) through to the stage", async () => {
    const parent = new AbortController();
    const log: string[] = [];
    const running = guarded({ id: "behavior" }, env(60_000, parent.signal), stoppable(10, log));
    parent.abort();
    await expect(running).resolves.toBe("cancelled");
    expect(log).toEqual(["abort seen", "cleaned up"]);
  });
});
