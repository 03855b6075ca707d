import { openStore, type OpenStoreOptions } from "../store/open.js";
import { StoreError, USER_STORE_ERRORS } from "../store/error.js";
import type { Store } from "../store/store.js";
import { UsageError } from "../errors.js";
import { actorName } from "./actor.js";

export interface SessionOptions {
  db?: string;
  home?: string;
  processEnv?: NodeJS.ProcessEnv;
  /** Where notices about recovered submissions go (stderr by default). */
  notify?: (line: string) => void;
}

/**
 * Opens the store for one command, reports submissions found abandoned by a dead process,
 * and always closes it. Store errors a user can fix become usage errors (exit 2).
 */
export async function withStore<T>(o: SessionOptions, body: (store: Store) => Promise<T>): Promise<T> {
  const env = o.processEnv ?? process.env;
  const opts: OpenStoreOptions = { db: o.db, home: o.home, processEnv: env, actor: actorName(env) };
  const notify = o.notify ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { store, recovered } = await openStore(opts).catch((err: unknown) => {
    throw userFacing(err);
  });
  for (const id of recovered) notify(`skillsign: submission ${id} failed: the process running it died during analysis (see \`skillsign status ${id}\`)`);
  try {
    return await body(store);
  } catch (err) {
    throw userFacing(err);
  } finally {
    await store.close();
  }
}

function userFacing(err: unknown): unknown {
  if (err instanceof StoreError && USER_STORE_ERRORS.includes(err.code)) return new UsageError("USAGE_ERROR", err.message, err);
  return err;
}
