import { performance } from "node:perf_hooks";

let marked = false;

/**
 * SKILLSIGN_TIMING=1: prints, once, the time from process start to the moment the first stage
 * (its code loaded) starts work, on
 * stderr (`skillsign-timing: first-stage-start 123.4 ms`). bench/startup reads it: measured
 * inside the process (performance.now() counts from the process's time origin), so the
 * figure is not blurred by the report and exit that follow.
 */
export function markFirstStageStart(env: NodeJS.ProcessEnv): void {
  if (marked || env.SKILLSIGN_TIMING !== "1") return;
  marked = true;
  process.stderr.write(`skillsign-timing: first-stage-start ${performance.now().toFixed(1)} ms\n`);
}
