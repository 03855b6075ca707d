import PgBoss from "pg-boss";

/** One job per submission on this queue; jobs that exhaust their retries go to the dead-letter queue. */
export const JOBS = "skillsign-submissions";
export const DEAD = "skillsign-submissions-dead";

export interface JobData {
  submissionId: number;
}

/** Seconds, from the environment, with a floor (pg-boss refuses less than 1 s). */
function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = Number(env[name]);
  return Number.isFinite(v) && v >= 1 ? Math.floor(v) : fallback;
}

/**
 * Job timing. A worker that dies leaves its job `active`; pg-boss's maintenance (run by one
 * instance per interval) turns it back into a retry once `expireInSeconds` have passed since it
 * started, so another worker takes it. The timeout must exceed the slowest honest run (the
 * sandbox stages take minutes); tests shorten both.
 */
export function jobTiming(env: NodeJS.ProcessEnv = process.env) {
  return {
    expireInSeconds: seconds(env, "SKILLSIGN_JOB_TIMEOUT_SECONDS", 15 * 60),
    retryLimit: Math.max(0, Math.floor(Number(env.SKILLSIGN_JOB_RETRIES ?? 2)) || 0),
    maintenanceIntervalSeconds: seconds(env, "SKILLSIGN_QUEUE_MAINTENANCE_SECONDS", 30),
  };
}

/** Starts pg-boss (creating or migrating its own `pgboss` schema) and makes sure both queues exist. */
export async function startBoss(url: string, env: NodeJS.ProcessEnv = process.env, supervise = true): Promise<PgBoss> {
  const t = jobTiming(env);
  const boss = new PgBoss({
    connectionString: url,
    max: 4,
    supervise,
    schedule: false,
    maintenanceIntervalSeconds: t.maintenanceIntervalSeconds,
  });
  // Connection errors surface on the next call; an unhandled 'error' event must not kill the worker.
  boss.on("error", (err) => process.stderr.write(`skillsign: queue: ${err.message}\n`));
  await boss.start();
  await boss.createQueue(DEAD, { name: DEAD, retryLimit: 5, retentionDays: 30 } as PgBoss.Queue);
  await boss.createQueue(JOBS, { name: JOBS, retryLimit: t.retryLimit, expireInSeconds: t.expireInSeconds, deadLetter: DEAD, retentionDays: 14 } as PgBoss.Queue);
  return boss;
}
