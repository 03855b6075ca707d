import { createHash } from "node:crypto";
import type PgBoss from "pg-boss";
import { InternalError } from "../errors.js";
import { PgStore } from "../store/postgres/pg-store.js";
import { provisionalName } from "./archive-name.js";
import { JOBS, jobTiming, startBoss, type JobData } from "./boss.js";
import type { SubmissionQueue } from "./queue.types.js";
import { publicStatus } from "./status.js";

/**
 * The PostgreSQL queue used by `serve`: the submission, its upload and its pg-boss job are
 * written in one transaction (pg-boss's `db` option runs the insert on the store's connection),
 * so a job never exists without its submission or the other way round. Workers run elsewhere.
 */
export async function openPgQueue(url: string, env: NodeJS.ProcessEnv = process.env): Promise<SubmissionQueue> {
  const store = await new PgStore(url).init();
  let boss: PgBoss;
  try {
    boss = await startBoss(url, env);
  } catch (err) {
    await store.close();
    throw err;
  }
  const timing = jobTiming(env);
  return {
    async submit({ archive, submittedBy }) {
      const sha256 = createHash("sha256").update(archive).digest("hex");
      const input = { skillName: await provisionalName(archive), path: `upload:${sha256}`, submittedBy, sha256 };
      const record = await store.enqueueSubmission(input, archive, async (db, id) => {
        const data: JobData = { submissionId: id };
        const jobId = await boss.send(JOBS, data, { db: db!, expireInSeconds: timing.expireInSeconds, retryLimit: timing.retryLimit });
        if (!jobId) throw new InternalError("INTERNAL_ERROR", `the queue refused the job for submission ${id}`);
      });
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
      await boss.stop({ graceful: false, wait: true });
      await store.close();
    },
  };
}
