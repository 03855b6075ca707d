import type Database from "better-sqlite3";
import { errorMessage } from "../../errors.js";
import { StoreError } from "../error.js";
import { MIGRATIONS, type Migration } from "./migrations/index.js";

/**
 * Brings the schema up to date. Each migration runs under BEGIN IMMEDIATE and re-checks
 * schema_migrations inside the transaction, so processes opening a new database at the
 * same moment apply each migration exactly once.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS, now = () => new Date()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied: number[] = [];
  const isApplied = db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
  const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  const latest = (db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number | null }).v ?? 0;
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (latest > known) {
    throw new StoreError("STORE_MIGRATION_FAILED", `the database schema (version ${latest}) is newer than this skillsign (knows ${known}); upgrade skillsign`);
  }
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= latest) continue;
    const apply = db.transaction(() => {
      if (isApplied.get(m.version)) return false;
      db.exec(m.sql);
      record.run(m.version, m.name, now().toISOString());
      return true;
    });
    try {
      if (apply.immediate()) applied.push(m.version);
    } catch (err) {
      throw new StoreError("STORE_MIGRATION_FAILED", `migration ${m.version}-${m.name} failed: ${errorMessage(err)}`, err);
    }
  }
  return applied;
}
