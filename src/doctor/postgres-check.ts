import pg from "pg";
import { errorMessage } from "../errors.js";
import type { ComponentCheck } from "./doctor.types.js";
import type { CheckEnv } from "./checks.js";

/** The database scripts/setup creates for the store and queue tests (a local test credential, not a secret). */
export const SETUP_PG_URL = "postgresql://skillsign:skillsign@127.0.0.1:5432/skillsign_test";

/**
 * Optional: PostgreSQL for `serve`/`worker` deployments and the store tests. Shows the URL
 * setup made (password hidden) when the server answers; no stage needs it.
 */
export async function postgresCheck(c: CheckEnv): Promise<ComponentCheck> {
  const url = c.env.SKILLSIGN_TEST_PG_URL || SETUP_PG_URL;
  const base = { id: "postgres" as const, name: "PostgreSQL (serve/worker)" };
  const shown = hidePassword(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    const version = String((await client.query("SHOW server_version")).rows[0]?.server_version ?? "");
    return { ...base, status: "found", version, detail: `${shown} (the store/queue tests' database; use --db postgres://… for serve and worker)` };
  } catch (err) {
    return { ...base, status: "not-configured", detail: `optional, not reachable at ${shown}: ${hidePassword(errorMessage(err))}`, fix: "sudo skillsign setup --only postgres" };
  } finally {
    await client.end().catch(() => undefined);
  }
}

function hidePassword(text: string): string {
  return text.replace(/(postgres(?:ql)?:\/\/[^:@/\s]+:)[^@\s]+@/gi, "$1********@");
}
