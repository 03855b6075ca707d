import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { ServiceError } from "../errors.js";

export const CONFIG_KEY_ENV = "SKILLSIGN_CONFIG_KEY";

export interface ConfigKey {
  key: Buffer;
  /** Public fingerprint stored beside the ciphertext: a wrong key is named, not a garbled decrypt. */
  id: string;
}

/**
 * SKILLSIGN_CONFIG_KEY is 32 random bytes, written as base64 (openssl rand -base64 32) or 64 hex
 * digits. Anything else is refused: a passphrase-like key would be guessable.
 */
export function parseConfigKey(text: string | undefined, envName = CONFIG_KEY_ENV): ConfigKey {
  const t = text?.trim();
  if (!t) throw new ServiceError("CONFIG_KEY_MISSING", `${envName} is not set (32 random bytes: openssl rand -base64 32)`);
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : /^[A-Za-z0-9+/_-]{43}=?$/.test(t) ? Buffer.from(t, "base64") : undefined;
  if (!key || key.length !== 32) throw new ServiceError("CONFIG_KEY_MISSING", `${envName} must be 32 bytes as base64 or 64 hex digits (openssl rand -base64 32)`);
  return { key, id: createHash("sha256").update("skillsign-config-key\0").update(key).digest("hex").slice(0, 16) };
}

/** AES-256-GCM, a fresh 96-bit IV per write; the key id is bound as additional data. */
export function seal(plain: Buffer, k: ConfigKey): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", k.key, iv);
  c.setAAD(Buffer.from(k.id));
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return ["v1", iv.toString("base64"), c.getAuthTag().toString("base64"), ct.toString("base64")].join(".");
}

export function open(sealed: string, keyId: string, k: ConfigKey): Buffer {
  if (keyId !== k.id) {
    throw new ServiceError("CONFIG_KEY_WRONG", `the settings were encrypted under key ${keyId}, but ${CONFIG_KEY_ENV} is key ${k.id} (rotate with skillsign settings rotate-key)`);
  }
  const [v, iv, tag, ct] = sealed.split(".");
  if (v !== "v1" || !iv || !tag || ct === undefined) throw new ServiceError("CONFIG_KEY_WRONG", "the stored settings are not in a known format");
  try {
    const d = createDecipheriv("aes-256-gcm", k.key, Buffer.from(iv, "base64"));
    d.setAAD(Buffer.from(k.id));
    d.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([d.update(Buffer.from(ct, "base64")), d.final()]);
  } catch (err) {
    throw new ServiceError("CONFIG_KEY_WRONG", "the stored settings fail authentication (tampered, or a different key)", err);
  }
}
