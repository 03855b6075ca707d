import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { errorMessage } from "../../errors.js";
import { StoreError } from "../error.js";

export const BUSY_TIMEOUT_MS = 15_000;

/** Opens the database file with WAL, a busy timeout and foreign keys on. */
export function connect(file: string): Database.Database {
  let db: Database.Database;
  try {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (err) {
    throw new StoreError("STORE_OPEN_FAILED", `cannot open the store at ${file}: ${errorMessage(err)}`, err);
  }
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Switching to WAL needs a moment of exclusive access; several processes may open a new file at once.
  retryBusy(() => db.pragma("journal_mode = WAL"));
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  return db;
}

function retryBusy<T>(fn: () => T, attempts = 50): T {
  for (let i = 1; ; i++) {
    try {
      return fn();
    } catch (err) {
      const code = (err as { code?: string }).code ?? "";
      if (!code.startsWith("SQLITE_BUSY") || i >= attempts) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20 * i);
    }
  }
}
