import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { UsageError } from "../errors.js";
import { KeyError } from "./error.js";

/** One accepted public key and the time window in which its signatures count. */
export interface TrustedKey {
  keyId: string;
  /** Standard base64 of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  validFrom: string;
  validUntil: string;
  /** Set by `keys rotate`: signatures made after this instant are refused. */
  retiredAt?: string;
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
}

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "a date-time");
const trustSchema = z.strictObject({
  schemaVersion: z.literal(1),
  keys: z.array(
    z.strictObject({
      keyId: z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex characters"),
      publicKey: z.string().min(1),
      validFrom: isoDate,
      validUntil: isoDate,
      retiredAt: isoDate.optional(),
    }),
  ),
  revocations: z.string().min(1).optional(),
  skills: z.record(z.string(), z.strictObject({ minSequence: z.number().int().nonnegative() })).optional(),
});

/** Validates a trust object; key bytes themselves are judged later, at verification. */
export function parseTrust(raw: unknown, where = "trust file"): TrustFile {
  const parsed = trustSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue ? issue.path.join(".") || "(root)" : "(root)";
    throw new KeyError("TRUST_FILE_INVALID", `${where} is invalid at ${at}: ${issue?.message ?? "invalid"}`);
  }
  const ids = parsed.data.keys.map((k) => k.keyId);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new KeyError("TRUST_FILE_INVALID", `${where} lists key ${dup} twice (its validity window would be ambiguous)`);
  return parsed.data as TrustFile;
}

export async function loadTrustFile(path: string): Promise<LoadedTrust> {
  const full = resolve(path);
  let text: string;
  try {
    text = await readFile(full, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError("FILE_NOT_FOUND", `cannot read trust file ${full}: ${code ?? "error"}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new KeyError("TRUST_FILE_INVALID", `trust file ${full} is not valid JSON`);
  }
  return { trust: parseTrust(raw, `trust file ${full}`), baseDir: dirname(full) };
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
