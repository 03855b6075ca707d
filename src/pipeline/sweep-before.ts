import { dockerClient } from "../sandbox/client.js";
import { sweepLeftovers } from "../sandbox/sweep.js";
import type { StageId } from "../stage-ids.js";
import type { StageEnv } from "../stages/stage.types.js";
import type { PipelineOptions } from "./pipeline.types.js";

const SANDBOX_STAGES: readonly StageId[] = ["build", "image-scan", "behavior"];
/** The sweep must never hold a run up for long: what it misses, the next run gets. */
const SWEEP_BUDGET_MS = 20_000;

/** True when this run will use Docker (a sandbox stage is selected and not skipped). */
export function usesSandbox(opts: PipelineOptions): boolean {
  return SANDBOX_STAGES.some((id) => (!opts.only || opts.only.includes(id)) && !opts.skip?.includes(id));
}

/**
 * Before a sandbox run: remove what killed runs left (containers, images, temp dirs with bait,
 * runsc logs with canaries; sandbox/sweep.ts). Best effort and bounded: no engine, no sweep.
 */
export async function sweepBeforeRun(env: StageEnv): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<void>((r) => (timer = setTimeout(r, SWEEP_BUDGET_MS)));
  try {
    await Promise.race([sweepLeftovers(dockerClient(env.processEnv)).catch(() => undefined), budget]);
  } finally {
    clearTimeout(timer);
  }
}
