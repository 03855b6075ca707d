import type Database from "better-sqlite3";
import type { Row, SqlDialect, SqlTx } from "../core/sql.js";
import { TxRunner } from "./tx.js";

/**
 * SQLite under the store core. Every write transaction is BEGIN IMMEDIATE (the database write
 * lock is taken up front), so rows need no FOR UPDATE and sequence numbers no extra lock.
 */
export class SqliteDialect implements SqlDialect {
  readonly kind = "sqlite" as const;
  readonly forUpdate = "";
  private readonly tx: TxRunner;
  private readonly inTx: SqlTx;

  constructor(readonly db: Database.Database) {
    this.tx = new TxRunner(db);
    this.inTx = { all: this.all.bind(this), get: this.get.bind(this), run: this.run.bind(this), lockSequence: async () => undefined };
  }

  async all(sql: string, args: readonly unknown[] = []): Promise<Row[]> {
    return this.db.prepare(sql).all(...args) as Row[];
  }

  async get(sql: string, args: readonly unknown[] = []): Promise<Row | undefined> {
    return this.db.prepare(sql).get(...args) as Row | undefined;
  }

  async run(sql: string, args: readonly unknown[] = []): Promise<void> {
    this.db.prepare(sql).run(...args);
  }

  transaction<T>(body: (tx: SqlTx) => Promise<T>): Promise<T> {
    return this.tx.run(() => body(this.inTx));
  }

  async close(): Promise<void> {
    await this.tx.idle();
    this.db.close();
  }
}
