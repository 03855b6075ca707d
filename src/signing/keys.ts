import { link, mkdir, readFile, readdir, rename, unlink } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "./atomic-write.js";
import { randomSeed } from "./ed25519.js";
import { Ed25519Signer } from "./ed25519-signer.js";
import { KeyError } from "./error.js";
import { decryptSeed, encryptSeed, parseKeyFile, type PrivateKeyFile } from "./key-file.js";
import { signRevocations, verifyRevocations, type RevocationList } from "./revocation.js";
import { emptyTrust, loadTrustFile, parseTrust, readTrustJson, rolesOf, trustJson, type KeyRole, type TrustFile } from "./trust.js";

export const KEY_FILE = "skillsign.key";
export const PUB_FILE = "skillsign.pub";
export const TRUST_FILE = "trust.json";
export const REVOCATIONS_FILE = "revocations.json";
/** The revocation-role key pair (`keys generate --role revocation`); keep it offline. */
export const REVOCATION_KEY_FILE = "revocation.key";
export const REVOCATION_PUB_FILE = "revocation.pub";
export const DEFAULT_VALID_DAYS = 365;
/** Default lifetime of a revocation list: re-sign (keys revoke --refresh) before it runs out. */
export const DEFAULT_LIST_DAYS = 90;

export interface KeyOptions {
  passphrase: string;
  validDays?: number;
  now?: Date;
  /** scrypt cost N (power of two); recorded in the key file. Default 2^15. */
  scryptN?: number;
  /** Role of a generated key; default "signing". */
  role?: KeyRole;
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
  const role = options.role ?? "signing";
  const [keyName, pubName] = role === "revocation" ? [REVOCATION_KEY_FILE, REVOCATION_PUB_FILE] : [KEY_FILE, PUB_FILE];
  const trustPath = join(root, TRUST_FILE);
  // Read the trust file before anything is written: a bad one must leave no key behind.
  const trust = (await readTrustIfAny(trustPath)) ?? emptyTrust();
  await mkdir(root, { recursive: true, mode: 0o700 });
  const now = options.now ?? new Date();
  const file = encryptSeed(randomSeed(), options.passphrase, now, { N: options.scryptN });
  await writeKeyFiles(root, keyName, pubName, file);
  trust.keys.push({ ...trustEntry(file, now, options.validDays), ...(role === "revocation" ? { roles: ["revocation" as const] } : {}) });
  await writeFileAtomic(trustPath, trustJson(trust));
  return { keyId: file.keyId, publicKey: file.publicKey, keyPath: join(root, keyName), pubPath: join(root, pubName), trustPath };
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
 * Adds a key to DIR/revocations.json (or, with no key id, re-signs the list as is: `--refresh`),
 * with the next version and a fresh expiry, signed by a revocation-role key in DIR that is valid
 * and not revoked, and points DIR/trust.json at the list.
 */
export async function revokeKey(
  dir: string,
  keyId: string | undefined,
  options: KeyOptions & { reason?: string; listDays?: number },
): Promise<{ signedBy: string; list: RevocationList }> {
  const root = resolve(dir);
  const loaded = await loadTrustFile(join(root, TRUST_FILE));
  if (keyId !== undefined && !loaded.trust.keys.some((k) => k.keyId === keyId)) {
    throw new KeyError("KEY_NOT_TRUSTED", `key ${keyId} is not in ${join(root, TRUST_FILE)}`);
  }
  const nowDate = options.now ?? new Date();
  // An expired previous list is still read (to carry its keys and version forward), never trusted blindly:
  // its signature and signer are checked as of when it was issued.
  const previous = await loadPreviousList(loaded);
  const now = nowDate.toISOString();
  const revoked = [...(previous?.revoked ?? [])];
  if (keyId !== undefined && !revoked.some((r) => r.keyId === keyId)) revoked.push({ keyId, revokedAt: now, ...(options.reason ? { reason: options.reason } : {}) });
  const days = options.listDays ?? DEFAULT_LIST_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > 400) throw new UsageError("USAGE_ERROR", "a revocation list lives 1..400 days");
  const list: RevocationList = {
    schemaVersion: 2,
    version: (previous?.version ?? 0) + 1,
    issuedAt: now,
    expires: new Date(nowDate.getTime() + days * 86_400_000).toISOString(),
    revoked,
  };
  const signerFile = await pickRevocationSigner(root, loaded.trust, new Set(revoked.map((r) => r.keyId)), nowDate);
  const signer = new Ed25519Signer(decryptSeed(signerFile, options.passphrase));
  const envelope = await signRevocations(list, signer);
  await writeFileAtomic(join(root, REVOCATIONS_FILE), `${JSON.stringify(envelope, null, 2)}\n`);
  loaded.trust.revocations = REVOCATIONS_FILE;
  await writeFileAtomic(join(root, TRUST_FILE), trustJson(loaded.trust));
  return { signedBy: signer.keyId, list };
}

/** The list as it was when issued (signature and signer checked then): an expired list still names revoked keys. */
export async function loadPreviousList(loaded: Awaited<ReturnType<typeof loadTrustFile>>): Promise<RevocationList | undefined> {
  if (!loaded.trust.revocations) return undefined;
  const text = await readFile(resolve(loaded.baseDir!, loaded.trust.revocations), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const issuedAt = JSON.parse(Buffer.from(JSON.parse(text).payload, "base64").toString("utf8")).issuedAt;
    return verifyRevocations(text, loaded, new Date(issuedAt));
  } catch (err) {
    throw new KeyError("TRUST_FILE_INVALID", `the existing revocation list cannot be verified: ${(err as Error).message}`);
  }
}

async function pickRevocationSigner(root: string, trust: TrustFile, revoked: Set<string>, now: Date): Promise<PrivateKeyFile> {
  const names = (await readdir(root)).filter((n) => n === KEY_FILE || n === REVOCATION_KEY_FILE || /^[0-9a-f]{64}\.key$/.test(n));
  names.sort((a, b) => (a === REVOCATION_KEY_FILE ? -1 : b === REVOCATION_KEY_FILE ? 1 : a < b ? -1 : 1));
  for (const name of names) {
    const file = await readKeyFile(join(root, name)).catch(() => undefined);
    const entry = file && trust.keys.find((k) => k.keyId === file.keyId);
    const valid = entry && now.getTime() >= Date.parse(entry.validFrom) && now.getTime() <= Date.parse(entry.validUntil) && !(entry.retiredAt && now.getTime() > Date.parse(entry.retiredAt));
    if (file && entry && valid && !revoked.has(file.keyId) && rolesOf(entry).includes("revocation")) return file;
  }
  throw new KeyError("NO_SIGNING_KEY", `no valid, unrevoked revocation-role key in ${root} can sign the revocation list (run \`skillsign keys generate --role revocation --out ${root}\`)`);
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

/** Missing: undefined. Anything else that is not a valid trust file: TRUST_FILE_INVALID (exit 2). */
async function readTrustIfAny(path: string): Promise<TrustFile | undefined> {
  let raw: unknown;
  try {
    raw = await readTrustJson(path);
  } catch (err) {
    if (err instanceof UsageError && /ENOENT/.test(err.message)) return undefined;
    throw err;
  }
  return parseTrust(raw, `trust file ${path}`);
}

function trustEntry(file: PrivateKeyFile, now: Date, validDays = DEFAULT_VALID_DAYS) {
  const until = new Date(now.getTime() + validDays * 86_400_000);
  return { keyId: file.keyId, publicKey: file.publicKey, validFrom: now.toISOString(), validUntil: until.toISOString() };
}
