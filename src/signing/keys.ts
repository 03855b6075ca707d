import { link, mkdir, readFile, readdir, rename, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "./atomic-write.js";
import { randomSeed } from "./ed25519.js";
import { Ed25519Signer } from "./ed25519-signer.js";
import { KeyError } from "./error.js";
import { decryptSeed, encryptSeed, parseKeyFile, type PrivateKeyFile } from "./key-file.js";
import { loadRevocations, signRevocations, type RevocationList } from "./revocation.js";
import { emptyTrust, loadTrustFile, parseTrust, trustJson, type TrustFile } from "./trust.js";

export const KEY_FILE = "skillsign.key";
export const PUB_FILE = "skillsign.pub";
export const TRUST_FILE = "trust.json";
export const REVOCATIONS_FILE = "revocations.json";
export const DEFAULT_VALID_DAYS = 365;

export interface KeyOptions {
  passphrase: string;
  validDays?: number;
  now?: Date;
  /** scrypt cost N (power of two); recorded in the key file. Default 2^15. */
  scryptN?: number;
}

export interface GeneratedKey {
  keyId: string;
  publicKey: string;
  keyPath: string;
  pubPath: string;
  trustPath: string;
}

/** Creates DIR/skillsign.key (0600), DIR/skillsign.pub and adds the key to DIR/trust.json. */
export async function generateKeyPair(dir: string, options: KeyOptions): Promise<GeneratedKey> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true, mode: 0o700 });
  const now = options.now ?? new Date();
  const file = encryptSeed(randomSeed(), options.passphrase, now, { N: options.scryptN });
  await writeKeyFiles(root, KEY_FILE, PUB_FILE, file);
  const trustPath = join(root, TRUST_FILE);
  const trust = (await readTrustIfAny(trustPath)) ?? emptyTrust();
  trust.keys.push(trustEntry(file, now, options.validDays));
  await writeFileAtomic(trustPath, trustJson(trust));
  return { keyId: file.keyId, publicKey: file.publicKey, keyPath: join(root, KEY_FILE), pubPath: join(root, PUB_FILE), trustPath };
}

/** Decrypts a key file into a signer; the seed stays inside the signer object. */
export async function loadSigningKey(keyPath: string, passphrase: string): Promise<Ed25519Signer> {
  const file = await readKeyFile(keyPath);
  return new Ed25519Signer(decryptSeed(file, passphrase));
}

/**
 * Rotation: the new key becomes skillsign.key, the old one is kept as `<keyId>.key` (so it can
 * still sign a revocation list), and the trust file lists both with the old one retired now.
 */
export async function rotateKeys(dir: string, options: KeyOptions): Promise<{ oldKeyId: string; newKeyId: string }> {
  const root = resolve(dir);
  const old = await readKeyFile(join(root, KEY_FILE));
  // Prove the passphrase first: a typo must not leave the new key under a passphrase nobody knows.
  decryptSeed(old, options.passphrase).fill(0);
  const loaded = await loadTrustFile(join(root, TRUST_FILE));
  const trust = loaded.trust;
  const now = options.now ?? new Date();
  const fresh = encryptSeed(randomSeed(), options.passphrase, now, { N: options.scryptN });
  await writeKeyFiles(root, `${fresh.keyId}.key.new`, `${fresh.keyId}.pub.new`, fresh);
  await moveNoClobber(join(root, KEY_FILE), join(root, `${old.keyId}.key`));
  await moveNoClobber(join(root, PUB_FILE), join(root, `${old.keyId}.pub`));
  await rename(join(root, `${fresh.keyId}.key.new`), join(root, KEY_FILE));
  await rename(join(root, `${fresh.keyId}.pub.new`), join(root, PUB_FILE));
  for (const k of trust.keys) if (k.keyId === old.keyId && !k.retiredAt) k.retiredAt = now.toISOString();
  trust.keys.push(trustEntry(fresh, now, options.validDays));
  await writeFileAtomic(join(root, TRUST_FILE), trustJson(trust));
  return { oldKeyId: old.keyId, newKeyId: fresh.keyId };
}

/**
 * Adds a key to DIR/revocations.json, signed by a key in DIR that is trusted and not revoked
 * (the current key first), and points DIR/trust.json at the list.
 */
export async function revokeKey(dir: string, keyId: string, options: KeyOptions & { reason?: string }): Promise<{ signedBy: string; list: RevocationList }> {
  const root = resolve(dir);
  const loaded = await loadTrustFile(join(root, TRUST_FILE));
  if (!loaded.trust.keys.some((k) => k.keyId === keyId)) {
    throw new KeyError("KEY_NOT_TRUSTED", `key ${keyId} is not in ${join(root, TRUST_FILE)}`);
  }
  const previous = await loadRevocations(loaded).catch((err: Error) => {
    throw new KeyError("TRUST_FILE_INVALID", `the existing revocation list cannot be verified: ${err.message}`);
  });
  const now = (options.now ?? new Date()).toISOString();
  const revoked = [...(previous?.revoked ?? [])];
  if (!revoked.some((r) => r.keyId === keyId)) revoked.push({ keyId, revokedAt: now, ...(options.reason ? { reason: options.reason } : {}) });
  const list: RevocationList = { schemaVersion: 1, issuedAt: now, revoked };
  const signerFile = await pickRevocationSigner(root, loaded.trust, new Set(revoked.map((r) => r.keyId)));
  const signer = new Ed25519Signer(decryptSeed(signerFile, options.passphrase));
  const envelope = await signRevocations(list, signer);
  await writeFileAtomic(join(root, REVOCATIONS_FILE), `${JSON.stringify(envelope, null, 2)}\n`);
  loaded.trust.revocations = REVOCATIONS_FILE;
  await writeFileAtomic(join(root, TRUST_FILE), trustJson(loaded.trust));
  return { signedBy: signer.keyId, list };
}

async function pickRevocationSigner(root: string, trust: TrustFile, revoked: Set<string>): Promise<PrivateKeyFile> {
  const names = (await readdir(root)).filter((n) => n === KEY_FILE || /^[0-9a-f]{64}\.key$/.test(n));
  names.sort((a, b) => (a === KEY_FILE ? -1 : b === KEY_FILE ? 1 : a < b ? -1 : 1));
  for (const name of names) {
    const file = await readKeyFile(join(root, name)).catch(() => undefined);
    if (file && !revoked.has(file.keyId) && trust.keys.some((k) => k.keyId === file.keyId)) return file;
  }
  throw new KeyError("NO_SIGNING_KEY", `no trusted, unrevoked private key in ${root} can sign the revocation list (run \`skillsign keys rotate\` first)`);
}

async function writeKeyFiles(root: string, keyName: string, pubName: string, file: PrivateKeyFile): Promise<void> {
  const keyPath = join(root, keyName);
  try {
    await writeFileAtomicNoClobber(keyPath, `${JSON.stringify(file, null, 2)}\n`, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new KeyError("KEY_EXISTS", `${keyPath} already exists; refusing to overwrite a key`);
    throw err;
  }
  const pub = { schemaVersion: 1, algorithm: "ed25519", keyId: file.keyId, publicKey: file.publicKey };
  await writeFileAtomic(join(root, pubName), `${JSON.stringify(pub, null, 2)}\n`);
}

/** Temp file + link(): link fails with EEXIST instead of replacing an existing key. */
async function writeFileAtomicNoClobber(path: string, data: string, mode: number): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFileAtomic(tmp, data, mode);
  try {
    await link(tmp, path);
  } finally {
    await unlink(tmp);
  }
}

async function moveNoClobber(from: string, to: string): Promise<void> {
  await link(from, to);
  await unlink(from);
}

async function readKeyFile(path: string): Promise<PrivateKeyFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new KeyError("KEY_FILE_INVALID", `cannot read key file ${path}: ${(err as NodeJS.ErrnoException).code ?? "error"}`);
  }
  return parseKeyFile(text, path);
}

async function readTrustIfAny(path: string): Promise<TrustFile | undefined> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  return text === undefined ? undefined : parseTrust(JSON.parse(text), path);
}

function trustEntry(file: PrivateKeyFile, now: Date, validDays = DEFAULT_VALID_DAYS) {
  const until = new Date(now.getTime() + validDays * 86_400_000);
  return { keyId: file.keyId, publicKey: file.publicKey, validFrom: now.toISOString(), validUntil: until.toISOString() };
}
