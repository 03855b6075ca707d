import { createHash } from "node:crypto";
import { openStore } from "../store/open.js";
import { provisionalName } from "./archive-name.js";
import { runLocalLoop } from "./local-loop.js";
import type { QueueOptions, SubmissionQueue } from "./queue.types.js";
import { jobContext } from "./run-job.js";
import { publicStatus } from "./status.js";

/**
 * `serve` alone on one machine with the embedded SQLite store: submissions wait in the
 * submissions table (state `recorded`) and, with `localWorker`, a loop in this process runs them.
 */
export async function openLocalQueue(db: string, opts: QueueOptions = {}): Promise<SubmissionQueue> {
  const { store } = await openStore({ db, processEnv: opts.worker?.processEnv });
  const stop = new AbortController();
  const loop = opts.localWorker
    ? jobContext(store, { ...opts.worker, signal: stop.signal }).then(runLocalLoop)
    : Promise.resolve();
  loop.catch((err: unknown) => process.stderr.write(`skillsign: local worker stopped: ${String(err)}\n`));
  return {
    async submit({ archive, submittedBy }) {
      const sha256 = createHash("sha256").update(archive).digest("hex");
      const record = await store.enqueueSubmission({ skillName: await provisionalName(archive), path: `upload:${sha256}`, submittedBy, sha256 }, archive);
      return record.id;
    },
    async status(id) {
      const s = await store.getSubmission(id);
      return s ? publicStatus(s) : null;
    },
    async upload(id) {
      return (await store.upload(id)) ?? null;
    },
    async close() {
      stop.abort();
      await loop.catch(() => undefined);
      await store.close();
    },
  };
}
