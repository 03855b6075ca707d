import { openStore } from "../store/open.js";
import { runLocalLoop } from "./local-loop.js";
import type { QueueOptions, SubmissionQueue } from "./queue.types.js";
import { jobContext } from "./run-job.js";
import { storeQueue } from "./store-queue.js";

/**
 * `serve` alone on one machine with the embedded SQLite store: submissions wait in the
 * submissions table (state `recorded`) and, with `localWorker`, a loop in this process runs them.
 */
export async function openLocalQueue(db: string, opts: QueueOptions = {}): Promise<SubmissionQueue> {
  const { store } = await openStore({ db, processEnv: opts.worker?.processEnv });
  const stop = new AbortController();
  const loop = opts.localWorker ? jobContext(store, { ...opts.worker, signal: stop.signal }).then(runLocalLoop) : Promise.resolve();
  loop.catch((err: unknown) => process.stderr.write(`skillsign: local worker stopped: ${String(err)}\n`));
  return storeQueue(store, undefined, async () => {
    stop.abort();
    await loop.catch(() => undefined);
    await store.close();
  });
}
