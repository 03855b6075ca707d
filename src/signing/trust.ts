import { dirname, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { KeyError, VerificationError } from "./error.js";
import { readRegularFile } from "./safe-read.js";
import { parseStrictJson } from "./strict-json.js";
import * as S from "./shape.js";
import type { TrustRepo } from "./root/repo.types.js";

/** What a key may sign. A key listed without roles signs skills only, never revocation lists. */
export type KeyRole = "signing" | "revocation";

/** One accepted public key and the time window in which its signatures count. */
export interface TrustedKey {
  keyId: string;
  /** Standard base64 of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  validFrom: string;
  validUntil: string;
  /** Set by `keys rotate`: signatures made after this instant are refused. */
  retiredAt?: string;
  /** Default ["signing"]: a revocation list needs a key given the "revocation" role. */
  roles?: KeyRole[];
}

export interface TrustFile {
  schemaVersion: 1;
  keys: TrustedKey[];
  /** Path of the signed revocation list, relative to the trust file. */
  revocations?: string;
  /** Per-skill high-water marks: a signature with a lower sequence is a rollback. */
  skills?: Record<string, { minSequence: number }>;
}

/** A trust file plus where it lives (so `revocations` can be resolved). */
export interface LoadedTrust {
  trust: TrustFile;
  /** Folder that relative paths in the trust file are resolved against; undefined for in-memory trust. */
  baseDir?: string;
  /** The resolved trust file path (names this trust's replay-protection state). */
  path?: string;
  /** Set when the trust file is a TUF-style root (docs/trust.md): roles, catalog, timestamp. */
  repo?: TrustRepo;
}

/** Names a trust file may give per-skill marks: no `__proto__`, nothing a reader could mangle. */
export const SKILL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const skillName: S.Check<string> = (v, at) => {
  if (!SKILL_NAME.test(S.str(v, at))) throw new S.ShapeError(at, "not a skill name");
  return v as string;
};
const trustSchema = S.object(
  {
    schemaVersion: S.literal(1),
    keys: S.array(
      S.object(
        { keyId: S.hex64, publicKey: S.nonEmpty, validFrom: S.anyDate, validUntil: S.anyDate },
        { retiredAt: S.anyDate, roles: S.array(S.oneOf(["signing", "revocation"] as const), 1) },
      ),
    ),
  },
  { revocations: S.nonEmpty, skills: S.record(skillName, S.object({ minSequence: S.int(0) })) },
);

/** Validates a trust object; key bytes themselves are judged later, at verification. */
export function parseTrust(raw: unknown, where = "trust file"): TrustFile {
  const parsed = S.tryShape(trustSchema, raw);
  if (!parsed.ok) throw new KeyError("TRUST_FILE_INVALID", `${where} is invalid at ${parsed.error.message}`);
  const ids = parsed.value.keys.map((k) => k.keyId);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new KeyError("TRUST_FILE_INVALID", `${where} lists key ${dup} twice (its validity window would be ambiguous)`);
  return parsed.value as TrustFile;
}

/** Reads a trust file without blocking on a FIFO or device, refusing duplicate and `__proto__` keys. */
export async function readTrustJson(path: string): Promise<unknown> {
  const full = resolve(path);
  const read = await readRegularFile(full, MAX_TRUST_BYTES);
  if (!read.ok) {
    if (read.problem === "missing" || read.problem === "unreadable") throw new UsageError("FILE_NOT_FOUND", `cannot read trust file ${full}: ${read.detail}`);
    throw new KeyError("TRUST_FILE_INVALID", `trust file ${full} is refused: ${read.detail}`);
  }
  try {
    return parseStrictJson(read.bytes.toString("utf8"), `trust file ${full}`);
  } catch (err) {
    if (err instanceof VerificationError) throw new KeyError("TRUST_FILE_INVALID", err.message);
    throw err;
  }
}

const MAX_TRUST_BYTES = 4 * 1024 * 1024;

export async function loadTrustFile(path: string): Promise<LoadedTrust> {
  const full = resolve(path);
  const raw = await readTrustJson(full);
  if (isRootMetadata(raw)) {
    // Lazy: only root-of-trust users pay for the TUF models (and no cycle at load time).
    const { loadRootTrust } = await import("./root/load.js");
    return loadRootTrust(raw, full);
  }
  return { trust: parseTrust(raw, `trust file ${full}`), baseDir: dirname(full), path: full };
}

function isRootMetadata(raw: unknown): boolean {
  const signed = (raw as { signed?: { _type?: unknown } } | null)?.signed;
  return typeof signed === "object" && signed !== null && signed._type === "root";
}

export function rolesOf(key: TrustedKey): KeyRole[] {
  return key.roles ?? ["signing"];
}

export function findTrustedKey(trust: TrustFile, keyId: string): TrustedKey | undefined {
  return trust.keys.find((k) => k.keyId === keyId);
}

export function emptyTrust(): TrustFile {
  return { schemaVersion: 1, keys: [] };
}

export function trustJson(trust: TrustFile): string {
  return `${JSON.stringify(trust, null, 2)}\n`;
}
