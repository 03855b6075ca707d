import { openServiceDb, type ServiceDb } from "../db/service-db.js";
import { CONFIG_KEY_ENV, parseConfigKey } from "./cipher.js";
import { readSettings } from "./settings.js";

/**
 * The environment a worker runs the pipeline with: its own, plus SNYK_TOKEN from the encrypted
 * settings when the worker has SKILLSIGN_CONFIG_KEY and no SNYK_TOKEN of its own (an explicit
 * variable wins). Read once at start: restart workers after changing the setting.
 */
export async function workerEnv(db: ServiceDb, env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  if (!env[CONFIG_KEY_ENV] || env.SNYK_TOKEN) return env;
  const settings = await readSettings(db, parseConfigKey(env[CONFIG_KEY_ENV]));
  return typeof settings.SNYK_TOKEN === "string" && settings.SNYK_TOKEN ? { ...env, SNYK_TOKEN: settings.SNYK_TOKEN } : env;
}

/** workerEnv for a store location; opens the service tables only when a setting could apply. */
export async function workerEnvAt(location: string, env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  if (!env[CONFIG_KEY_ENV] || env.SNYK_TOKEN) return env;
  const db = await openServiceDb(location);
  try {
    return await workerEnv(db, env);
  } finally {
    await db.close();
  }
}
