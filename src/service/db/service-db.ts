import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl, storeLocation } from "../../store/open.js";
import { inPgTransaction } from "../../store/postgres/pg-tx.js";
import { migrateService } from "./migrate.js";

export type Row = Record<string, unknown>;

/**
 * The service's own tables (tokens, settings) live in the store's database but are reached
 * through this small handle: SQL is written with `?` placeholders and rewritten to `$n` for
 * PostgreSQL, so each query is written once for both dialects.
 */
export interface ServiceDb {
  readonly dialect: "sqlite" | "postgres";
  all(sql: string, args?: unknown[]): Promise<Row[]>;
  run(sql: string, args?: unknown[]): Promise<number>;
  /** One transaction; the body sees a handle bound to it. */
  tx<T>(body: (db: ServiceDb) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openServiceDb(db: string | undefined): Promise<ServiceDb> {
  const location = storeLocation({ db });
  const handle = isPostgresUrl(location) ? pgDb(new pg.Pool({ connectionString: location, max: 4, connectionTimeoutMillis: 10_000 })) : sqliteDb(location);
  try {
    await migrateService(handle);
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}

function sqliteDb(file: string): ServiceDb {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file, { timeout: 15_000 });
  db.pragma("busy_timeout = 15000");
  const self: ServiceDb = {
    dialect: "sqlite",
    all: async (sql, args = []) => db.prepare(sql).all(...args) as Row[],
    run: async (sql, args = []) => db.prepare(sql).run(...args).changes,
    tx: async (body) => {
      // better-sqlite3 is synchronous: BEGIN IMMEDIATE takes the write lock before any read.
      db.exec("BEGIN IMMEDIATE");
      try {
        const out = await body(self);
        db.exec("COMMIT");
        return out;
      } catch (err) {
        db.exec("ROLLBACK");
        throw err;
      }
    },
    close: async () => void db.close(),
  };
  return self;
}

function pgDb(pool: pg.Pool): ServiceDb {
  pool.on("error", () => undefined);
  const on = (q: pg.Pool | pg.PoolClient): Omit<ServiceDb, "tx" | "close"> => ({
    dialect: "postgres",
    all: async (sql, args = []) => (await q.query(toPg(sql), args)).rows as Row[],
    run: async (sql, args = []) => (await q.query(toPg(sql), args)).rowCount ?? 0,
  });
  return {
    ...on(pool),
    tx: async (body) => {
      const client = await pool.connect();
      const inner: ServiceDb = { ...on(client), tx: (b) => b(inner), close: async () => undefined };
      return inPgTransaction(client, () => body(inner));
    },
    close: () => pool.end(),
  };
}

/** `?` → `$1, $2, …` (our SQL has no `?` inside string literals). */
function toPg(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
