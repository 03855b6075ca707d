import type { Stage, StageEnv } from "../stages/stage.types.js";
import { InternalError } from "../errors.js";
import { sharedAbortController } from "./shared-signal.js";

/** After a stage timeout, how long the stage may take to clean up (containers, temp dirs) before the run moves on. */
const CLEANUP_WAIT_MS = 30_000;

/**
 * Runs one stage call under the stage timeout, with a signal of its own: on timeout the stage is
 * told to stop and given CLEANUP_WAIT_MS to remove what it made; then the timeout becomes an error.
 */
export async function guarded<T>(stage: Pick<Stage, "id">, env: StageEnv, fn: (env: StageEnv) => Promise<T>, cleanupWaitMs = CLEANUP_WAIT_MS): Promise<T> {
  const stop = sharedAbortController();
  const onParent = () => stop.abort(env.signal.reason);
  if (env.signal.aborted) onParent();
  else env.signal.addEventListener("abort", onParent, { once: true });
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const work = fn({ ...env, signal: stop.signal });
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      stop.abort(new InternalError("STAGE_TIMEOUT", "stage timeout"));
      reject(new InternalError("STAGE_TIMEOUT", `stage ${stage.id} timed out after ${env.stageTimeoutMs} ms`));
    }, env.stageTimeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (err) {
    if (timedOut) await Promise.race([work.catch(() => undefined), new Promise((r) => setTimeout(r, cleanupWaitMs).unref())]);
    throw err;
  } finally {
    clearTimeout(timer);
    env.signal.removeEventListener("abort", onParent);
  }
}
