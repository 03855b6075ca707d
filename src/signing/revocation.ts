import { resolve } from "node:path";
import { z } from "zod";
import { pae, parseEnvelope, signEnvelope, type Envelope } from "./dsse.js";
import { VerificationError } from "./error.js";
import { verifyStrict } from "./ed25519.js";
import { readRegularFile } from "./safe-read.js";
import type { Signer } from "./signer.js";
import { trustedPublicKey } from "./trusted-key.js";
import type { LoadedTrust, TrustFile } from "./trust.js";

export const REVOCATIONS_PAYLOAD_TYPE = "application/vnd.skillsign.revocations+json";
const MAX_REVOCATIONS_BYTES = 16 * 1024 * 1024;

export interface RevokedKey {
  keyId: string;
  revokedAt: string;
  reason?: string;
}

export interface RevocationList {
  schemaVersion: 1;
  issuedAt: string;
  revoked: RevokedKey[];
}

const listSchema = z.strictObject({
  schemaVersion: z.literal(1),
  issuedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s))),
  revoked: z.array(
    z.strictObject({
      keyId: z.string().regex(/^[0-9a-f]{64}$/),
      revokedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s))),
      reason: z.string().optional(),
    }),
  ),
});

export async function signRevocations(list: RevocationList, signer: Signer): Promise<Envelope> {
  return signEnvelope(REVOCATIONS_PAYLOAD_TYPE, Buffer.from(JSON.stringify(list), "utf8"), signer);
}

const bad = (msg: string) => new VerificationError("MALFORMED", `revocation list: ${msg}`);

/**
 * Verifies a revocation list against the trust file. Any failure is `malformed`: when the list
 * cannot be trusted we cannot know which keys are revoked, so verification fails closed.
 * A key the list itself revokes cannot sign it (a stolen key must not un-revoke itself).
 */
export function verifyRevocations(envelopeText: string, trust: TrustFile): RevocationList {
  let env;
  try {
    env = parseEnvelope(envelopeText, REVOCATIONS_PAYLOAD_TYPE);
  } catch (err) {
    throw bad((err as Error).message);
  }
  let publicKey: Uint8Array;
  try {
    publicKey = trustedPublicKey(trust, env.keyId).publicKey;
  } catch (err) {
    throw bad(`signed by a key the trust file does not accept: ${(err as Error).message}`);
  }
  if (!verifyStrict(env.signature, pae(env.payloadType, env.payload), publicKey)) throw bad("bad signature");
  let raw: unknown;
  try {
    raw = JSON.parse(env.payload.toString("utf8"));
  } catch {
    throw bad("payload is not JSON");
  }
  const parsed = listSchema.safeParse(raw);
  if (!parsed.success) throw bad(`payload is not a revocation list (${parsed.error.issues[0]?.message ?? "invalid"})`);
  if (parsed.data.revoked.some((r) => r.keyId === env.keyId)) throw bad("signed by a key it revokes");
  return parsed.data as RevocationList;
}

/** Loads the list the trust file points at; no `revocations` entry means nothing is revoked. */
export async function loadRevocations(loaded: LoadedTrust): Promise<RevocationList | undefined> {
  const rel = loaded.trust.revocations;
  if (!rel) return undefined;
  if (!loaded.baseDir) throw bad("the trust file names a revocation list but has no folder to resolve it against");
  const path = resolve(loaded.baseDir, rel);
  const read = await readRegularFile(path, MAX_REVOCATIONS_BYTES);
  if (!read.ok) throw bad(`cannot read ${path}: ${read.detail}`);
  return verifyRevocations(read.bytes.toString("utf8"), loaded.trust);
}
