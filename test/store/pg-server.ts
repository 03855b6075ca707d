import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * The PostgreSQL server scripts/setup installs and starts (component `postgres`): the role
 * `skillsign` may create databases, so every test gets a fresh, empty one. Override with
 * SKILLSIGN_TEST_PG_URL. Under SKILLSIGN_REQUIRE_SANDBOX (CI) a missing server fails the suite
 * instead of skipping it.
 */
export const PG_ADMIN_URL = process.env.SKILLSIGN_TEST_PG_URL ?? "postgresql://skillsign:skillsign@127.0.0.1:5432/skillsign_test";
export const PG_REQUIRED = Boolean(process.env.SKILLSIGN_REQUIRE_SANDBOX);

async function reachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5_000 });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Whether the PostgreSQL tests run: true when the server answers, or when CI requires it (they then fail loudly). */
export const PG_UP = (await reachable()) || PG_REQUIRED;

export interface PgServer {
  /** A fresh, empty database (dropped by stop()). */
  database(name: string): Promise<string>;
  stop(): Promise<void>;
}

export function testPostgres(): PgServer {
  const made: string[] = [];
  const admin = async <T>(body: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    try {
      return await body(c);
    } finally {
      await c.end();
    }
  };
  return {
    async database(name) {
      const db = `skillsign_t_${name.replace(/[^a-z0-9_]/gi, "")}_${randomBytes(4).toString("hex")}`.toLowerCase();
      await admin((c) => c.query(`CREATE DATABASE ${db}`));
      made.push(db);
      const url = new URL(PG_ADMIN_URL);
      url.pathname = `/${db}`;
      return url.toString();
    },
    async stop() {
      for (const db of made.splice(0)) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)).catch(() => undefined);
    },
  };
}
