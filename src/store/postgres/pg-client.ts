import pg from "pg";
import { errorMessage } from "../../errors.js";
import { StoreError } from "../error.js";
import { PG_MIGRATIONS, type PgMigration } from "./migrations.js";

export type Queryable = pg.Pool | pg.PoolClient;
export type Row = Record<string, unknown>;

/** A fixed key for the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 72_635_281;

export function createPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000 });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  return pool;
}

export async function rows(q: Queryable, sql: string, args: unknown[] = []): Promise<Row[]> {
  return (await q.query(sql, args)).rows as Row[];
}

export async function one(q: Queryable, sql: string, args: unknown[] = []): Promise<Row | undefined> {
  return (await rows(q, sql, args))[0];
}

/** BEGIN … COMMIT on one pooled connection; ROLLBACK on any error. */
export async function inTransaction<T>(pool: pg.Pool, body: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const out = await body(client);
    await client.query("COMMIT");
    return out;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Applies pending migrations under an advisory lock, each recorded in schema_migrations. */
export async function migratePg(pool: pg.Pool, now: () => Date, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<number[]> {
  try {
    return await inTransaction(pool, async (c) => {
      await c.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      await c.query("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
      const latest = Number((await one(c, "SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations"))?.v ?? 0);
      const known = Math.max(0, ...migrations.map((m) => m.version));
      if (latest > known) throw new Error(`the database schema (version ${latest}) is newer than this skillsign (knows ${known}); upgrade skillsign`);
      const applied: number[] = [];
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (m.version <= latest) continue;
        await c.query(m.sql);
        await c.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [m.version, m.name, now().toISOString()]);
        applied.push(m.version);
      }
      return applied;
    });
  } catch (err) {
    const connect = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|timeout|authentication|does not exist|ENOENT/i.test(errorMessage(err));
    throw new StoreError(
      connect ? "STORE_OPEN_FAILED" : "STORE_MIGRATION_FAILED",
      `${connect ? "cannot open the PostgreSQL store" : "PostgreSQL migration failed"}: ${errorMessage(err)}`,
      err,
    );
  }
}
