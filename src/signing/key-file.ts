import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import { UsageError } from "../errors.js";
import { KeyError } from "./error.js";
import { keyIdOf, publicKeyFromSeed } from "./ed25519.js";

export const PASSPHRASE_ENV = "SKILLSIGN_KEY_PASSPHRASE";
export const DEFAULT_SCRYPT_N = 2 ** 15;
/** Bounds on the cost read from a key file: too low is weak, too high is a denial of service. */
const MIN_SCRYPT_N = 2 ** 10;
const MAX_SCRYPT_N = 2 ** 20;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** The private key at rest: the 32-byte Ed25519 seed, AES-256-GCM encrypted under scrypt(passphrase). */
export interface PrivateKeyFile {
  schemaVersion: 1;
  kind: "skillsign-private-key";
  algorithm: "ed25519";
  keyId: string;
  publicKey: string;
  createdAt: string;
  kdf: { name: "scrypt"; salt: string } & ScryptParams;
  cipher: { name: "aes-256-gcm"; iv: string; tag: string };
  ciphertext: string;
}

/** Reads the passphrase from the environment; signing without one is refused, never defaulted. */
export function passphraseFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const value = env[PASSPHRASE_ENV];
  if (!value) {
    throw new UsageError("PASSPHRASE_MISSING", `set ${PASSPHRASE_ENV} to the passphrase that protects the signing key`);
  }
  return value;
}

export function encryptSeed(seed: Uint8Array, passphrase: string, createdAt: Date, scrypt: Partial<ScryptParams> = {}): PrivateKeyFile {
  const params: ScryptParams = { N: scrypt.N ?? DEFAULT_SCRYPT_N, r: scrypt.r ?? 8, p: scrypt.p ?? 1 };
  checkParams(params);
  const publicKey = publicKeyFromSeed(seed);
  const keyId = keyIdOf(publicKey);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = derive(passphrase, salt, params);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad(keyId));
  const ciphertext = Buffer.concat([cipher.update(seed), cipher.final()]);
  key.fill(0);
  return {
    schemaVersion: 1,
    kind: "skillsign-private-key",
    algorithm: "ed25519",
    keyId,
    publicKey: Buffer.from(publicKey).toString("base64"),
    createdAt: createdAt.toISOString(),
    kdf: { name: "scrypt", salt: salt.toString("base64"), ...params },
    cipher: { name: "aes-256-gcm", iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64") },
    ciphertext: ciphertext.toString("base64"),
  };
}

/**
 * Decrypts the seed. A wrong passphrase and a tampered file fail the same way on purpose,
 * and the message carries no detail that would help guess either.
 */
export function decryptSeed(file: PrivateKeyFile, passphrase: string): Uint8Array {
  const params = { N: file.kdf.N, r: file.kdf.r, p: file.kdf.p };
  checkParams(params);
  let seed: Buffer;
  try {
    const key = derive(passphrase, Buffer.from(file.kdf.salt, "base64"), params);
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(file.cipher.iv, "base64"));
    decipher.setAAD(aad(file.keyId));
    decipher.setAuthTag(Buffer.from(file.cipher.tag, "base64"));
    seed = Buffer.concat([decipher.update(Buffer.from(file.ciphertext, "base64")), decipher.final()]);
    key.fill(0);
  } catch {
    throw new KeyError("KEY_DECRYPT_FAILED", "cannot decrypt the signing key: wrong passphrase or damaged key file");
  }
  if (seed.length !== 32 || keyIdOf(publicKeyFromSeed(seed)) !== file.keyId) {
    throw new KeyError("KEY_DECRYPT_FAILED", "cannot decrypt the signing key: wrong passphrase or damaged key file");
  }
  return seed;
}

/** Shape check of a key file read from disk (no key bytes in any message). */
export function parseKeyFile(text: string, where: string): PrivateKeyFile {
  let raw: Record<string, any>;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new KeyError("KEY_FILE_INVALID", `${where} is not a skillsign key file (not JSON)`);
  }
  const ok =
    raw?.kind === "skillsign-private-key" &&
    raw.schemaVersion === 1 &&
    raw.algorithm === "ed25519" &&
    /^[0-9a-f]{64}$/.test(String(raw.keyId)) &&
    raw.kdf?.name === "scrypt" &&
    [raw.kdf.N, raw.kdf.r, raw.kdf.p].every(Number.isSafeInteger) &&
    typeof raw.kdf.salt === "string" &&
    raw.cipher?.name === "aes-256-gcm" &&
    typeof raw.cipher.iv === "string" &&
    typeof raw.cipher.tag === "string" &&
    typeof raw.ciphertext === "string";
  if (!ok) throw new KeyError("KEY_FILE_INVALID", `${where} is not a skillsign private key file (schemaVersion 1, ed25519, scrypt, aes-256-gcm)`);
  return raw as PrivateKeyFile;
}

/**
 * Bounds checked before any work, jointly: scrypt needs 128·N·r bytes and about N·r·p block
 * mixes, so N=2^20 with r=32 (4 GiB, ~25 s) must be refused even though each value alone is fine.
 */
export const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;
export const MAX_SCRYPT_WORK = 2 ** 15 * 8 * 8;

function checkParams(p: ScryptParams): void {
  const powerOfTwo = Number.isSafeInteger(p.N) && (p.N & (p.N - 1)) === 0;
  const each = powerOfTwo && p.N >= MIN_SCRYPT_N && p.N <= MAX_SCRYPT_N && p.r >= 1 && p.r <= 32 && p.p >= 1 && p.p <= 16;
  if (!each) {
    throw new KeyError("KEY_FILE_INVALID", `scrypt parameters out of range (N a power of two in [2^10, 2^20], r 1..32, p 1..16)`);
  }
  if (128 * p.N * p.r > MAX_SCRYPT_MEMORY || p.N * p.r * p.p > MAX_SCRYPT_WORK) {
    throw new KeyError("KEY_FILE_INVALID", `scrypt parameters too costly: 128·N·r must stay within ${MAX_SCRYPT_MEMORY / 2 ** 20} MiB and N·r·p within 2^21`);
  }
}

function derive(passphrase: string, salt: Buffer, p: ScryptParams): Buffer {
  return scryptSync(Buffer.from(passphrase, "utf8"), salt, 32, { N: p.N, r: p.r, p: p.p, maxmem: 256 * p.N * p.r + 1024 * 1024 });
}

/** Binds the ciphertext to the key id, so a key file's header cannot be swapped onto another seed. */
function aad(keyId: string): Buffer {
  return Buffer.from(`skillsign/key/v1\0${keyId}`, "utf8");
}
