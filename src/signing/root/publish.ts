import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../atomic-write.js";
import { sha256Hex } from "../../snapshot/content-hash.js";
import { IN_TOTO_PAYLOAD_TYPE, parseEnvelope } from "../dsse.js";
import { readRegularFile } from "../safe-read.js";
import type { Signer } from "../signer.js";
import { parseStatement } from "../statement.js";
import { parseStrictJson } from "../strict-json.js";
import { addSignature, type SignedMetadata } from "./metadata.js";
import { type RoleName } from "./repo.types.js";
import { CATALOG_FILE, chainFile, ROOT_FILE, TIMESTAMP_FILE } from "./files.js";
import { UsageError } from "../../errors.js";

/** A key as the publisher needs it: id and public bytes; signing keys also `sign`. */
export interface PublicKeyRef {
  keyId: string;
  publicKey: Uint8Array;
}
export type KeySigner = Signer & PublicKeyRef;

export interface RootPlan {
  version: number;
  expires: Date;
  /** Keys and threshold per role; every role of repo.types ROLES must be given. */
  roles: Record<RoleName, { keys: PublicKeyRef[]; threshold: number }>;
}

const SPEC_VERSION = "1.0.31";
const tufDate = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

/** Builds the signed part of a root (TUF root.json) from a plan. */
export function rootMetadata(plan: RootPlan): SignedMetadata {
  const keys: Record<string, unknown> = {};
  const roles: Record<string, unknown> = {};
  for (const [name, role] of Object.entries(plan.roles)) {
    for (const k of role.keys) keys[k.keyId] = { keytype: "ed25519", scheme: "ed25519", keyval: { public: Buffer.from(k.publicKey).toString("hex") } };
    roles[name] = { keyids: role.keys.map((k) => k.keyId), threshold: role.threshold };
  }
  return {
    signed: { _type: "root", spec_version: SPEC_VERSION, version: plan.version, expires: tufDate(plan.expires), consistent_snapshot: false, keys, roles },
    signatures: [],
  };
}

/**
 * Writes the first root (root.json, also 1.root.json) signed by `signers`. Runtimes pin root.json
 * out of band (shipped in the image); later roots are `N.root.json`, each signed by the previous
 * root's threshold and its own (rotateRoot).
 */
export async function initRoot(dir: string, plan: RootPlan, signers: KeySigner[]): Promise<SignedMetadata> {
  const md = rootMetadata(plan);
  for (const s of signers) await addSignature(md, s);
  await mkdir(resolve(dir), { recursive: true });
  await writeJson(join(dir, ROOT_FILE), md);
  await writeJson(join(dir, chainFile(plan.version)), md);
  return md;
}

/** Writes `N.root.json`; `signers` must include enough old AND new root keys. */
export async function rotateRoot(dir: string, plan: RootPlan, signers: KeySigner[]): Promise<SignedMetadata> {
  const md = rootMetadata(plan);
  for (const s of signers) await addSignature(md, s);
  await writeJson(join(dir, chainFile(plan.version)), md);
  return md;
}

export interface CatalogSkill {
  name: string;
  /** The exact bytes of the skill's signature file. */
  envelope: Buffer;
}

/** Reads a signature file into a catalog entry (name from the signed statement). */
export async function catalogSkillFromFile(path: string): Promise<CatalogSkill> {
  const read = await readRegularFile(path, 16 * 1024 * 1024);
  if (!read.ok) throw new UsageError("FILE_NOT_FOUND", `cannot read ${path}: ${read.detail}`);
  const env = parseEnvelope(read.bytes.toString("utf8"), IN_TOTO_PAYLOAD_TYPE);
  return { name: parseStatement(env.payload).subject[0].name, envelope: read.bytes };
}

/**
 * Publishes the next catalog (TUF targets: skill name → signature file hash and length, content
 * hash, permissions hash, sequence) merged over the current one, then the next timestamp naming
 * that catalog's version and hash. Both versions grow by one; both expire.
 */
export async function publishCatalog(
  dir: string,
  skills: CatalogSkill[],
  signers: { targets: KeySigner[]; timestamp: KeySigner[] },
  options: { catalogExpires: Date; timestampExpires: Date; remove?: string[] },
): Promise<{ catalogVersion: number; timestampVersion: number }> {
  const current = await readJsonIfAny(join(dir, CATALOG_FILE));
  const targets: Record<string, unknown> = { ...((current?.signed as { targets?: Record<string, unknown> })?.targets ?? {}) };
  for (const name of options.remove ?? []) delete targets[name];
  for (const s of skills) {
    const st = parseStatement(parseEnvelope(s.envelope.toString("utf8"), IN_TOTO_PAYLOAD_TYPE).payload);
    targets[s.name] = {
      length: s.envelope.length,
      hashes: { sha256: sha256Hex(s.envelope) },
      custom: { contentHash: st.subject[0].digest.sha256, permissionsHash: st.predicate.permissionsHash, sequence: st.predicate.sequence },
    };
  }
  const catalogVersion = ((current?.signed.version as number | undefined) ?? 0) + 1;
  const catalog: SignedMetadata = {
    signed: { _type: "targets", spec_version: SPEC_VERSION, version: catalogVersion, expires: tufDate(options.catalogExpires), targets },
    signatures: [],
  };
  for (const s of signers.targets) await addSignature(catalog, s);
  const catalogText = `${JSON.stringify(catalog, null, 2)}\n`;
  const ts = await readJsonIfAny(join(dir, TIMESTAMP_FILE));
  const timestampVersion = ((ts?.signed.version as number | undefined) ?? 0) + 1;
  const timestamp: SignedMetadata = {
    signed: {
      _type: "timestamp",
      spec_version: SPEC_VERSION,
      version: timestampVersion,
      expires: tufDate(options.timestampExpires),
      meta: { "snapshot.json": { version: catalogVersion, length: Buffer.byteLength(catalogText), hashes: { sha256: sha256Hex(catalogText) } } },
    },
    signatures: [],
  };
  for (const s of signers.timestamp) await addSignature(timestamp, s);
  await writeFileAtomic(join(dir, CATALOG_FILE), catalogText);
  await writeJson(join(dir, TIMESTAMP_FILE), timestamp);
  return { catalogVersion, timestampVersion };
}

/** Re-signs only the timestamp with a new expiry (the frequent, online freshness step). */
export async function refreshTimestamp(dir: string, signers: KeySigner[], expires: Date): Promise<number> {
  const ts = await readJsonIfAny(join(dir, TIMESTAMP_FILE));
  if (!ts) throw new UsageError("FILE_NOT_FOUND", `no ${TIMESTAMP_FILE} in ${dir}: publish a catalog first`);
  const next: SignedMetadata = { signed: { ...ts.signed, version: ts.signed.version + 1, expires: tufDate(expires) }, signatures: [] };
  for (const s of signers) await addSignature(next, s);
  await writeJson(join(dir, TIMESTAMP_FILE), next);
  return next.signed.version;
}

async function readJsonIfAny(path: string): Promise<SignedMetadata | undefined> {
  const read = await readRegularFile(path, 32 * 1024 * 1024);
  if (!read.ok && read.problem === "missing") return undefined;
  if (!read.ok) throw new UsageError("FILE_NOT_FOUND", `cannot read ${path}: ${read.detail}`);
  return parseStrictJson(read.bytes.toString("utf8"), path) as SignedMetadata;
}

async function writeJson(path: string, md: SignedMetadata): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(md, null, 2)}\n`);
}
