import { errorMessage } from "../../errors.js";
import { ServiceError } from "../errors.js";
import type { ServiceDb } from "../db/service-db.js";
import { open, seal, type ConfigKey } from "./cipher.js";
import { mergeSettings, visibleSettings, type Json } from "./merge.js";

type Doc = { [k: string]: Json };

/**
 * The service's secrets, stored as one AES-256-GCM sealed JSON document (row id 1): nothing of it
 * is readable in the database, and the key never is stored — only its fingerprint.
 */
export async function readSettings(db: ServiceDb, key: ConfigKey): Promise<Doc> {
  const row = (await db.all("SELECT key_id, ciphertext FROM service_settings WHERE id = 1"))[0];
  if (!row) return {};
  return JSON.parse(open(String(row.ciphertext), String(row.key_id), key).toString("utf8")) as Doc;
}

/** For API responses: every secret-like field as ********. */
export async function visible(db: ServiceDb, key: ConfigKey): Promise<Doc> {
  return visibleSettings(await readSettings(db, key)) as Doc;
}

export async function patchSettings(db: ServiceDb, key: ConfigKey, patch: Doc, by: string, now = new Date()): Promise<Doc> {
  return db.tx(async (t) => {
    const current = await readSettings(t, key);
    let next: Json | undefined;
    try {
      next = mergeSettings(current, patch);
    } catch (err) {
      throw new ServiceError("BAD_REQUEST", errorMessage(err));
    }
    await write(t, key, (next ?? {}) as Doc, by, now);
    return visibleSettings(next ?? {}) as Doc;
  });
}

/** Re-encrypts the document under a new key in one transaction (skillsign settings rotate-key). */
export async function rotateSettingsKey(db: ServiceDb, from: ConfigKey, to: ConfigKey, by: string, now = new Date()): Promise<{ rotated: boolean }> {
  return db.tx(async (t) => {
    const row = (await t.all("SELECT key_id FROM service_settings WHERE id = 1"))[0];
    if (!row) return { rotated: false };
    if (String(row.key_id) === to.id) return { rotated: false }; // already under the new key (a re-run)
    await write(t, to, await readSettings(t, from), by, now);
    return { rotated: true };
  });
}

async function write(db: ServiceDb, key: ConfigKey, doc: Doc, by: string, now: Date): Promise<void> {
  const sealed = seal(Buffer.from(JSON.stringify(doc), "utf8"), key);
  const n = await db.run("UPDATE service_settings SET key_id = ?, ciphertext = ?, updated_at = ?, updated_by = ? WHERE id = 1", [key.id, sealed, now.toISOString(), by]);
  if (n === 0) await db.run("INSERT INTO service_settings (id, key_id, ciphertext, updated_at, updated_by) VALUES (1, ?, ?, ?, ?)", [key.id, sealed, now.toISOString(), by]);
}
