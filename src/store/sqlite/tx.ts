import type Database from "better-sqlite3";

/**
 * Write transactions under BEGIN IMMEDIATE (the write lock is taken up front, so two
 * processes never deadlock upgrading a read lock). The body may await (signing), so
 * transactions on this connection are queued one after another within the process.
 */
export class TxRunner {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Database.Database) {}

  run<T>(body: () => T | Promise<T>): Promise<T> {
    const next = this.tail.then(() => this.once(body));
    this.tail = next.catch(() => undefined);
    return next;
  }

  idle(): Promise<unknown> {
    return this.tail;
  }

  private async once<T>(body: () => T | Promise<T>): Promise<T> {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const out = await body();
      this.db.exec("COMMIT");
      return out;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      throw err;
    }
  }
}
