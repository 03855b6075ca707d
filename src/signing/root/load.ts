import { dirname, join } from "node:path";
import { Root, Targets, Timestamp } from "@tufjs/models";
import { sha256Hex } from "../../snapshot/content-hash.js";
import { VerificationError } from "../error.js";
import { readRegularFile } from "../safe-read.js";
import { parseStrictJson } from "../strict-json.js";
import type { LoadedTrust, TrustedKey } from "../trust.js";
import type { TrustState } from "../trust-state.js";
import { asSignedMetadata, isExpired, verifyThreshold, type RootKeys, type SignedMetadata } from "./metadata.js";
import { parseCatalogEntries } from "./catalog-entry.js";
import { type TrustRepo } from "./repo.types.js";
import { CATALOG_FILE, chainFile, TIMESTAMP_FILE } from "./files.js";

const MAX_METADATA_BYTES = 32 * 1024 * 1024;
/** A chain longer than this is refused (each step costs a file read and signature checks). */
const MAX_ROOT_CHAIN = 1000;

/**
 * Loads a root of trust the TUF way (specification §5.3-5.6, without downloads: the files sit in
 * the trust folder): walk the root chain N+1.root.json, each signed by the previous root's
 * threshold and its own; then the timestamp (freshness), which pins the catalog's version and hash.
 * `state` carries the versions this machine saw before; going below them is a replay.
 */
export async function loadRootTrust(raw: unknown, path: string, state: TrustState = { schemaVersion: 1 }, now = new Date()): Promise<LoadedTrust> {
  const dir = dirname(path);
  let root = parseRoot(raw, "root.json");
  verifyThreshold(root.md, root.keys, "root", "root.json");
  for (let i = 0; i < MAX_ROOT_CHAIN; i++) {
    const next = chainFile(root.md.signed.version + 1);
    const text = await readMetadata(join(dir, next), true);
    if (text === undefined) break;
    const candidate = parseRoot(parseStrictJson(text, next), next);
    // Signed by the old root's threshold (authorised) and the new one's (the new keys exist).
    verifyThreshold(candidate.md, root.keys, "root", next);
    verifyThreshold(candidate.md, candidate.keys, "root", next);
    if (candidate.md.signed.version !== root.md.signed.version + 1) throw malformed(next, `version ${candidate.md.signed.version} is not ${root.md.signed.version + 1}`);
    root = candidate;
  }
  const rootVersion = root.md.signed.version;
  if (state.root !== undefined && rootVersion < state.root) {
    throw new VerificationError("REPLAYED_METADATA", `root version ${rootVersion} is older than version ${state.root} already trusted here (a rotation file was removed?)`);
  }
  if (isExpired(root.md.signed.expires, now)) throw new VerificationError("EXPIRED_METADATA", `the root expired at ${root.md.signed.expires}`);

  const ts = asSignedMetadata(parseStrictJson(await readRequired(join(dir, TIMESTAMP_FILE)), TIMESTAMP_FILE), "timestamp", TIMESTAMP_FILE);
  verifyThreshold(ts, root.keys, "timestamp", TIMESTAMP_FILE);
  const timestamp = tufParse(() => Timestamp.fromJSON(ts.signed as never), TIMESTAMP_FILE);
  checkFresh("timestamp", ts, state.timestamp, now);

  const catalogText = await readRequired(join(dir, CATALOG_FILE));
  const pinned = timestamp.snapshotMeta;
  if (pinned.hashes?.sha256 !== undefined && pinned.hashes.sha256 !== sha256Hex(catalogText)) {
    throw new VerificationError("REPLAYED_METADATA", `catalog.json is not the catalog the timestamp names (hash differs): replayed or substituted`);
  }
  const cat = asSignedMetadata(parseStrictJson(catalogText, CATALOG_FILE), "targets", CATALOG_FILE);
  verifyThreshold(cat, root.keys, "targets", CATALOG_FILE);
  const targets = tufParse(() => Targets.fromJSON(cat.signed as never), CATALOG_FILE);
  if (targets.delegations) throw malformed(CATALOG_FILE, "delegations are not supported: the catalog lists every skill itself");
  if (cat.signed.version !== pinned.version) {
    throw new VerificationError("REPLAYED_METADATA", `catalog version ${cat.signed.version} is not version ${pinned.version} named by the timestamp`);
  }
  checkFresh("catalog", cat, state.catalog, now);

  state.root = rootVersion;
  state.timestamp = ts.signed.version;
  state.catalog = cat.signed.version;
  const repo: TrustRepo = {
    dir,
    rootVersion,
    rootExpires: root.md.signed.expires,
    revocationThreshold: root.keys.roles.revocation?.threshold ?? 1,
    catalog: { version: cat.signed.version, expires: cat.signed.expires, entries: parseCatalogEntries(targets) },
    timestamp: { version: ts.signed.version, expires: ts.signed.expires },
  };
  const revocations = (await readMetadata(join(dir, "revocations.json"), true)) !== undefined ? "revocations.json" : undefined;
  return { trust: { schemaVersion: 1, keys: roleKeys(root.keys, root.md.signed.expires), ...(revocations ? { revocations } : {}) }, baseDir: dir, path, repo };
}

function parseRoot(raw: unknown, what: string): { md: SignedMetadata; keys: RootKeys } {
  const md = asSignedMetadata(raw, "root", what);
  const parsed = tufParse(() => Root.fromJSON(md.signed as never), what);
  for (const role of ["signing", "revocation"]) if (!parsed.roles[role]) throw malformed(what, `the root names no "${role}" role`);
  const keys: RootKeys = { keys: {}, roles: {} };
  for (const [id, k] of Object.entries(parsed.keys)) keys.keys[id] = { keytype: k.keyType, scheme: k.scheme, keyval: { public: String(k.keyVal.public) } };
  for (const [name, r] of Object.entries(parsed.roles)) keys.roles[name] = { keyids: [...r.keyIDs], threshold: r.threshold };
  return { md, keys };
}

/** The signing and revocation keys, as trust entries valid for as long as the root is. */
function roleKeys(root: RootKeys, expires: string): TrustedKey[] {
  const out = new Map<string, TrustedKey>();
  for (const role of ["signing", "revocation"] as const) {
    for (const id of root.roles[role]!.keyids) {
      const k = root.keys[id];
      if (!k) continue;
      const entry = out.get(id) ?? { keyId: id, publicKey: Buffer.from(k.keyval.public, "hex").toString("base64"), validFrom: "1970-01-01T00:00:00.000Z", validUntil: expires, roles: [] };
      entry.roles!.push(role);
      out.set(id, entry);
    }
  }
  return [...out.values()];
}

function checkFresh(what: string, md: SignedMetadata, seen: number | undefined, now: Date): void {
  if (seen !== undefined && md.signed.version < seen) {
    throw new VerificationError("REPLAYED_METADATA", `${what} version ${md.signed.version} is older than version ${seen} already seen here`);
  }
  if (isExpired(md.signed.expires, now)) throw new VerificationError("EXPIRED_METADATA", `the ${what} expired at ${md.signed.expires}`);
}

function tufParse<T>(fn: () => T, what: string): T {
  try {
    return fn();
  } catch (err) {
    throw malformed(what, (err as Error).message);
  }
}

const malformed = (what: string, msg: string) => new VerificationError("MALFORMED", `${what}: ${msg}`);

async function readMetadata(path: string, optional: boolean): Promise<string | undefined> {
  const read = await readRegularFile(path, MAX_METADATA_BYTES);
  if (read.ok) return read.bytes.toString("utf8");
  if (optional && read.problem === "missing") return undefined;
  throw malformed(path, `cannot read: ${read.detail}`);
}

async function readRequired(path: string): Promise<string> {
  return (await readMetadata(path, false))!;
}
