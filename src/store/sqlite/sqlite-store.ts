import type Database from "better-sqlite3";
import { redactText } from "../../redact.js";
import { CoreStore } from "../core/core-store.js";
import { connect } from "./connect.js";
import { migrate } from "./migrate.js";
import { SqliteDialect } from "./sqlite-db.js";

export interface SqliteStoreOptions {
  clock?: () => Date;
}

/** The embedded store: one SQLite file in WAL mode, shared safely by concurrent processes. */
export class SqliteStore extends CoreStore {
  private readonly sqlite: Database.Database;

  constructor(
    readonly file: string,
    opts: SqliteStoreOptions = {},
  ) {
    const db = connect(file);
    migrate(db, undefined, opts.clock ?? (() => new Date()));
    super(new SqliteDialect(db), opts.clock);
    this.sqlite = db;
  }

  /** Escape hatch for tests and integrity checks; never used to write. */
  get database(): Database.Database {
    return this.sqlite;
  }

  /**
   * Synchronous, for signal handlers: better-sqlite3 can write before the process exits, which
   * the async core cannot promise. The same transition and audit entry as failSubmission.
   */
  failNow(ids: readonly number[], reason: string, actor: string): number[] {
    // Inside an unfinished async transaction a write would be rolled back with it: leave it to recovery.
    if (this.sqlite.inTransaction) return [];
    const failed: number[] = [];
    const at = this.now();
    this.sqlite
      .transaction(() => {
        for (const id of ids) {
          const current = this.sqlite.prepare("SELECT state FROM submissions WHERE id = ?").get(id) as { state: string } | undefined;
          if (current?.state !== "running") continue;
          this.sqlite.prepare("UPDATE submissions SET state = 'failed', updated_at = ?, failure_reason = ? WHERE id = ?").run(at, redactText(reason), id);
          this.sqlite
            .prepare("INSERT INTO audit_log (at, actor, action, submission_id, from_state, to_state, reason) VALUES (?, ?, 'fail', ?, 'running', 'failed', ?)")
            .run(at, actor, id, redactText(reason));
          failed.push(id);
        }
      })
      .immediate();
    return failed;
  }
}
