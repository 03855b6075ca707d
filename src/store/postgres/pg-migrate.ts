import { errorMessage } from "../../errors.js";
import { StoreError } from "../error.js";
import type { SqlDialect } from "../core/sql.js";
import { PG_MIGRATIONS, type PgMigration } from "./migrations.js";

/** A fixed key for the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 72_635_281;

/** Applies pending migrations under an advisory lock, each recorded in schema_migrations. */
export async function migratePg(db: SqlDialect, now: () => Date, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<number[]> {
  try {
    return await db.transaction(async (tx) => {
      await tx.run(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      await tx.run("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
      const latest = Number((await tx.get("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations"))?.v ?? 0);
      const known = Math.max(0, ...migrations.map((m) => m.version));
      if (latest > known) throw new StoreError("STORE_MIGRATION_FAILED", `the database schema (version ${latest}) is newer than this skillsign (knows ${known}); upgrade skillsign`);
      const applied: number[] = [];
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (m.version <= latest) continue;
        await tx.run(m.sql);
        await tx.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [m.version, m.name, now().toISOString()]);
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
