import type { ServiceDb } from "./service-db.js";

/**
 * The service's tables, created idempotently (IF NOT EXISTS) in either dialect; they are apart
 * from the store's numbered migrations so the store can evolve without knowing about them.
 * Tokens and session cookies are stored only as SHA-256 hashes; settings only as AES-256-GCM ciphertext.
 */
const TABLES = [
  `CREATE TABLE IF NOT EXISTS service_tokens (
     token_hash TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('creator', 'reviewer', 'admin')),
     created_at TEXT NOT NULL,
     revoked_at TEXT
   )`,
  `CREATE TABLE IF NOT EXISTS service_settings (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     key_id TEXT NOT NULL,
     ciphertext TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     updated_by TEXT NOT NULL
   )`,
  // Web sessions: only the SHA-256 of the cookie; a revoked token ends its sessions (joined on every request).
  `CREATE TABLE IF NOT EXISTS service_sessions (
     cookie_hash TEXT PRIMARY KEY,
     token_hash TEXT NOT NULL,
     expires_at TEXT NOT NULL
   )`,
];

export async function migrateService(db: ServiceDb): Promise<void> {
  for (const sql of TABLES) {
    try {
      await db.run(sql);
    } catch (err) {
      // Two processes creating the table at once on PostgreSQL: the loser sees a duplicate type; the table exists.
      if (!(db.dialect === "postgres" && /already exists|duplicate key/.test(String((err as Error).message)))) throw err;
    }
  }
}
