import { createHash } from "node:crypto";
import type { SqlExecutor } from "../store/core/sql.js";
import type { Store } from "../store/store.js";
import { provisionalName } from "./archive-name.js";
import type { SubmissionQueue } from "./queue.types.js";
import { publicStatus } from "./status.js";

/**
 * The queue's face over a store, whichever engine runs the jobs: `submit` records the submission
 * (`recorded`) with its upload and calls `enqueue` inside that same transaction.
 */
export function storeQueue(store: Store, enqueue: ((db: SqlExecutor | undefined, id: number) => Promise<void>) | undefined, close: () => Promise<void>): SubmissionQueue {
  return {
    async submit({ archive, submittedBy }) {
      const sha256 = createHash("sha256").update(archive).digest("hex");
      const input = { skillName: await provisionalName(archive), path: `upload:${sha256}`, submittedBy, sha256 };
      return (await store.enqueueSubmission(input, archive, enqueue)).id;
    },
    async status(id) {
      const s = await store.getSubmission(id);
      return s ? publicStatus(s) : null;
    },
    async upload(id) {
      return (await store.upload(id)) ?? null;
    },
    close,
  };
}
