import { resolve } from "node:path";
import { sha256Hex } from "../snapshot/content-hash.js";
import { pae, parseEnvelopeSignatures, signEnvelope, type Envelope } from "./dsse.js";
import { VerificationError } from "./error.js";
import { verifyStrict } from "./ed25519.js";
import { readRegularFile } from "./safe-read.js";
import type { Signer } from "./signer.js";
import { parseStrictJson } from "./strict-json.js";
import * as S from "./shape.js";
import { trustedPublicKey } from "./trusted-key.js";
import { rolesOf, type LoadedTrust } from "./trust.js";
import type { TrustState } from "./trust-state.js";

export const REVOCATIONS_PAYLOAD_TYPE = "application/vnd.skillsign.revocations+json";
const MAX_REVOCATIONS_BYTES = 16 * 1024 * 1024;
/** A list may promise freshness for at most this long: a year-9999 list is refused, not trusted forever. */
export const MAX_REVOCATIONS_LIFETIME_MS = 400 * 86_400_000;
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** More signatures than this on one list is refused unread (a threshold is a handful of keys). */
const MAX_LIST_SIGNATURES = 16;

export interface RevokedKey {
  keyId: string;
  revokedAt: string;
  reason?: string;
}

/** Version 2: `version` must grow and `expires` bounds how long a list can be replayed. */
export interface RevocationList {
  schemaVersion: 2;
  version: number;
  issuedAt: string;
  expires: string;
  revoked: RevokedKey[];
}

const listSchema = S.object({
  schemaVersion: S.literal(2),
  version: S.int(1),
  issuedAt: S.isoDate,
  expires: S.isoDate,
  revoked: S.array(S.object({ keyId: S.hex64, revokedAt: S.isoDate }, { reason: S.str })),
});

export async function signRevocations(list: RevocationList, signer: Signer): Promise<Envelope> {
  return signEnvelope(REVOCATIONS_PAYLOAD_TYPE, Buffer.from(JSON.stringify(list), "utf8"), signer);
}

const bad = (msg: string) => new VerificationError("MALFORMED", `revocation list: ${msg}`);

/**
 * Verifies a revocation list. Only keys with the "revocation" role count, and only while they are
 * valid now and revoked neither by this list nor by any list accepted before (`state`): a stolen
 * signing key cannot write lists, and a revoked revocation key cannot un-revoke itself. The list's
 * version must not go below the last one seen, it may never drop a key revoked before, and it
 * expires. Any failure fails verification closed: without a trustworthy list nobody knows which
 * keys are revoked.
 */
export function verifyRevocations(envelopeText: string, loaded: LoadedTrust, now: Date, state?: TrustState): RevocationList {
  let env;
  try {
    env = parseEnvelopeSignatures(envelopeText, REVOCATIONS_PAYLOAD_TYPE, MAX_LIST_SIGNATURES);
  } catch (err) {
    throw bad((err as Error).message);
  }
  const raw = parseStrictJson(env.payload.toString("utf8"), "revocation list payload");
  const parsed = S.tryShape(listSchema, raw);
  if (!parsed.ok) {
    const v1 = (raw as { schemaVersion?: unknown } | null)?.schemaVersion === 1;
    throw bad(v1 ? "schemaVersion 1 lists carry no version or expiry and are no longer accepted; re-issue it with `skillsign keys revoke`" : `payload is not a revocation list (${parsed.error.message})`);
  }
  const list = parsed.value as RevocationList;
  const revokedNow = new Set([...list.revoked.map((r) => r.keyId), ...(state?.revocations?.revoked ?? [])]);
  const threshold = loaded.repo?.revocationThreshold ?? 1;
  const message = pae(env.payloadType, env.payload);
  const good = new Set<string>();
  const refused: string[] = [];
  for (const s of env.signatures) {
    const why = signerProblem(loaded, s.keyId, revokedNow, now);
    if (why) refused.push(`${s.keyId.slice(0, 12)}… ${why}`);
    else if (verifyStrict(s.signature, message, trustedPublicKey(loaded.trust, s.keyId).publicKey)) good.add(s.keyId);
    else refused.push(`${s.keyId.slice(0, 12)}… bad signature`);
  }
  if (good.size < threshold) {
    throw bad(`needs ${threshold} valid signature(s) by current revocation-role keys, has ${good.size}${refused.length ? ` (${refused.join("; ")})` : ""}`);
  }
  checkDates(list, now);
  checkAgainstState(list, envelopeText, state);
  return list;
}

function signerProblem(loaded: LoadedTrust, keyId: string, revoked: Set<string>, now: Date): string | undefined {
  const entry = loaded.trust.keys.find((k) => k.keyId === keyId);
  if (!entry) return "is not a trusted key";
  try {
    trustedPublicKey(loaded.trust, keyId);
  } catch (err) {
    return (err as Error).message;
  }
  if (!rolesOf(entry).includes("revocation")) return "has no revocation role";
  if (revoked.has(keyId)) return "is revoked";
  const t = now.getTime();
  if (t < Date.parse(entry.validFrom) || t > Date.parse(entry.validUntil)) return "is outside its validity window";
  if (entry.retiredAt && t > Date.parse(entry.retiredAt)) return "is retired";
  return undefined;
}

function checkDates(list: RevocationList, now: Date): void {
  const issued = Date.parse(list.issuedAt);
  const expires = Date.parse(list.expires);
  if (issued > now.getTime() + CLOCK_SKEW_MS) throw bad(`issued in the future (${list.issuedAt})`);
  if (expires - issued > MAX_REVOCATIONS_LIFETIME_MS) throw bad(`expires ${list.expires}, more than 400 days after it was issued`);
  if (now.getTime() >= expires) throw new VerificationError("EXPIRED_METADATA", `revocation list version ${list.version} expired at ${list.expires}; sign a fresh one (skillsign keys revoke --refresh)`);
}

function checkAgainstState(list: RevocationList, text: string, state: TrustState | undefined): void {
  const seen = state?.revocations;
  if (!seen) return;
  if (list.version < seen.version) {
    throw new VerificationError("REPLAYED_METADATA", `revocation list version ${list.version} is older than version ${seen.version} already seen here`);
  }
  if (list.version === seen.version && sha256Hex(text) !== seen.sha256) {
    throw new VerificationError("REPLAYED_METADATA", `two different revocation lists carry version ${list.version}`);
  }
  const listed = new Set(list.revoked.map((r) => r.keyId));
  const dropped = seen.revoked.filter((k) => !listed.has(k));
  if (dropped.length) throw new VerificationError("REPLAYED_METADATA", `revocation list version ${list.version} un-revokes ${dropped.length} key(s) revoked before (revocation is permanent)`);
}

/** Loads the list the trust file points at (no `revocations` entry: nothing is revoked) and records it in `state`. */
export async function loadRevocations(loaded: LoadedTrust, now: Date = new Date(), state?: TrustState): Promise<RevocationList | undefined> {
  const rel = loaded.trust.revocations;
  if (!rel) {
    if (state?.revocations) throw bad("a revocation list was accepted here before but the trust source names none now");
    return undefined;
  }
  if (!loaded.baseDir) throw bad("the trust file names a revocation list but has no folder to resolve it against");
  const path = resolve(loaded.baseDir, rel);
  const read = await readRegularFile(path, MAX_REVOCATIONS_BYTES);
  if (!read.ok) throw bad(`cannot read ${path}: ${read.detail}`);
  const text = read.bytes.toString("utf8");
  const list = verifyRevocations(text, loaded, now, state);
  if (state) state.revocations = { version: list.version, sha256: sha256Hex(text), revoked: [...new Set([...(state.revocations?.revoked ?? []), ...list.revoked.map((r) => r.keyId)])] };
  return list;
}
