import { isPostgresUrl } from "../store/open.js";
import { openLocalQueue } from "./local-queue.js";
import { openPgQueue } from "./pg-queue.js";
import type { QueueOptions, SubmissionQueue } from "./queue.types.js";

export type { PublicState, SubmissionStatus, SubmissionQueue, QueueOptions, WorkerOptions, JobEvent } from "./queue.types.js";
export { runWorker } from "./worker.js";
export { publicStatus } from "./status.js";

/** postgres://… → pg-boss queue (workers elsewhere); a SQLite path → in-process queue (+ local worker loop). */
export function openQueue(dbUrl: string, opts: QueueOptions = {}): Promise<SubmissionQueue> {
  return isPostgresUrl(dbUrl) ? openPgQueue(dbUrl, opts.worker?.processEnv) : openLocalQueue(dbUrl, opts);
}
