/**
 * What the store core needs from a database: three query shapes with `?` placeholders,
 * transactions, and the two places where the dialects lock differently. SQLite (better-sqlite3)
 * and PostgreSQL (pg) each implement it in a small adapter; every piece of store logic is
 * written once over it (src/store/core/).
 */
export type Row = Record<string, unknown>;

export interface SqlDb {
  all(sql: string, args?: readonly unknown[]): Promise<Row[]>;
  get(sql: string, args?: readonly unknown[]): Promise<Row | undefined>;
  run(sql: string, args?: readonly unknown[]): Promise<void>;
}

/** pg-boss's executor: lets a job be enqueued inside the store's own transaction. */
export interface SqlExecutor {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface SqlTx extends SqlDb {
  /** Serialises signers of one skill until the transaction ends (a no-op where the transaction holds the write lock). */
  lockSequence(skill: string): Promise<void>;
  /** Raw access to this transaction for pg-boss (PostgreSQL only). */
  readonly executor?: SqlExecutor;
}

export interface SqlDialect extends SqlDb {
  readonly kind: "sqlite" | "postgres";
  /** Appended to a SELECT of the row a transaction is about to change ("" where BEGIN IMMEDIATE already locked). */
  readonly forUpdate: string;
  transaction<T>(body: (tx: SqlTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
