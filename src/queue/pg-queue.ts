import type PgBoss from "pg-boss";
import { InternalError } from "../errors.js";
import type { SqlExecutor } from "../store/core/sql.js";
import { PgStore } from "../store/postgres/pg-store.js";
import { JOBS, jobTiming, startBoss, type JobData } from "./boss.js";
import type { SubmissionQueue } from "./queue.types.js";
import { storeQueue } from "./store-queue.js";

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
  const enqueue = async (db: SqlExecutor | undefined, id: number) => {
    const data: JobData = { submissionId: id };
    const jobId = await boss.send(JOBS, data, { db: db!, expireInSeconds: timing.expireInSeconds, retryLimit: timing.retryLimit });
    if (!jobId) throw new InternalError("INTERNAL_ERROR", `the queue refused the job for submission ${id}`);
  };
  return storeQueue(store, enqueue, async () => {
    await boss.stop({ graceful: false, wait: true });
    await store.close();
  });
}
