import { join, resolve } from "node:path";
import { skillsignHome } from "../config/home.js";
import { StoreError } from "./error.js";
import { PgStore } from "./postgres/pg-store.js";
import { SqliteStore } from "./sqlite/sqlite-store.js";
import type { Store } from "./store.js";

export interface OpenStoreOptions {
  /** `--db`: a SQLite file path, or a postgres:// URL. Default: $SKILLSIGN_HOME/skillsign.db. */
  db?: string;
  home?: string;
  processEnv?: NodeJS.ProcessEnv;
  clock?: () => Date;
  /** Who is recorded in the audit log when abandoned runs are marked failed. */
  actor?: string;
}

export interface OpenedStore {
  store: Store;
  /** Submissions found running with a dead owner process, now marked failed. */
  recovered: number[];
}

export const DB_FILE = "skillsign.db";

export function storeLocation(opts: OpenStoreOptions = {}): string {
  // sqlite:///abs/path.db (or sqlite://rel.db) names a SQLite file like a plain path.
  const sqlite = opts.db && /^sqlite:\/\/(.+)$/i.exec(opts.db)?.[1];
  if (sqlite) return resolve(sqlite);
  if (opts.db) return /^[a-z][a-z0-9+.-]*:\/\//i.test(opts.db) ? opts.db : resolve(opts.db);
  return join(opts.home ?? skillsignHome(opts.processEnv), DB_FILE);
}

/** Opens the store and first cleans up after any process that died mid-analysis. */
export async function openStore(opts: OpenStoreOptions = {}): Promise<OpenedStore> {
  const location = storeLocation(opts);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1];
  if (scheme && !isPostgresUrl(location)) {
    throw new StoreError("STORE_UNSUPPORTED", `--db: unsupported store URL scheme "${scheme}:" (use a SQLite file path or postgres://...)`);
  }
  const store: Store = isPostgresUrl(location) ? await openPostgres(location, opts) : new SqliteStore(location, { clock: opts.clock });
  try {
    const recovered = await store.recoverAbandoned(opts.actor ?? "skillsign");
    return { store, recovered };
  } catch (err) {
    await store.close();
    throw err;
  }
}

async function openPostgres(url: string, opts: OpenStoreOptions): Promise<Store> {
  const store = new PgStore(url, { clock: opts.clock });
  try {
    return await store.init();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}

export function isPostgresUrl(s: string): boolean {
  return /^postgres(ql)?:\/\//i.test(s);
}
