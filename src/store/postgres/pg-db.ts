import pg from "pg";
import type { Row, SqlDb, SqlDialect, SqlExecutor, SqlTx } from "../core/sql.js";
import { inPgTransaction } from "./pg-tx.js";

/** `?` placeholders (the core's) to PostgreSQL's `$1, $2, …`; the core's SQL has no `?` in literals. */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export function createPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000 });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  return pool;
}

function over(q: pg.Pool | pg.PoolClient): SqlDb {
  const query = async (sql: string, args: readonly unknown[] = []) => (await q.query(numbered(sql), args as unknown[])).rows as Row[];
  return {
    all: query,
    get: async (sql, args) => (await query(sql, args))[0],
    run: async (sql, args) => void (await query(sql, args)),
  };
}

/**
 * PostgreSQL under the store core: a small pool; state changes lock their row (FOR UPDATE);
 * signers of one skill are serialised by a transaction-scoped advisory lock.
 */
export class PgDialect implements SqlDialect {
  readonly kind = "postgres" as const;
  readonly forUpdate = " FOR UPDATE";
  readonly pool: pg.Pool;
  private readonly db: SqlDb;

  constructor(url: string) {
    this.pool = createPool(url);
    this.db = over(this.pool);
  }

  all(sql: string, args?: readonly unknown[]): Promise<Row[]> {
    return this.db.all(sql, args);
  }
  get(sql: string, args?: readonly unknown[]): Promise<Row | undefined> {
    return this.db.get(sql, args);
  }
  run(sql: string, args?: readonly unknown[]): Promise<void> {
    return this.db.run(sql, args);
  }

  async transaction<T>(body: (tx: SqlTx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const executor: SqlExecutor = { executeSql: async (text, values) => ({ rows: (await client.query(text, values)).rows }) };
    const tx: SqlTx = {
      ...over(client),
      executor,
      lockSequence: async (skill) => void (await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`skillsign-sequence:${skill}`])),
    };
    return inPgTransaction(client, () => body(tx));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
