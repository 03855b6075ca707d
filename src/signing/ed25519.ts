import { createHash, createPublicKey, verify as nodeVerify, type KeyObject } from "node:crypto";
import * as ed from "@noble/ed25519";

// noble needs a synchronous SHA-512; node:crypto provides it (no extra dependency).
ed.hashes.sha512 = (message: Uint8Array) => new Uint8Array(createHash("sha512").update(message).digest());

/** 2^255 - 19, the field prime. */
export const FIELD_P = 2n ** 255n - 19n;
/** The order of the prime-order subgroup. */
export const GROUP_L = 2n ** 252n + 27742317777372353535851937790883648493n;

export type PublicKeyProblem = "length" | "non-canonical" | "not-on-curve" | "small-order";

/** Hex SHA-256 of the raw 32-byte public key: the only key id skillsign uses. */
export function keyIdOf(publicKey: Uint8Array): string {
  return createHash("sha256").update(publicKey).digest("hex");
}

/** Little-endian bytes → bigint. */
export function leToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/**
 * Why a public key must be refused, or undefined when it is acceptable. Strict: exactly 32 bytes,
 * canonical y (< p), a real curve point, and not of small order (those verify forged messages).
 */
export function publicKeyProblem(publicKey: Uint8Array): PublicKeyProblem | undefined {
  if (publicKey.length !== 32) return "length";
  const id = Buffer.from(publicKey).toString("hex");
  const known = judgedKeys.get(id);
  if (known !== undefined) return known === "ok" ? undefined : known;
  const problem = judgePublicKey(publicKey);
  if (judgedKeys.size >= MAX_JUDGED_KEYS) judgedKeys.clear();
  judgedKeys.set(id, problem ?? "ok");
  return problem;
}

/** Decoding a key costs a square root; trusted keys repeat across thousands of verifications. */
const judgedKeys = new Map<string, PublicKeyProblem | "ok">();
const MAX_JUDGED_KEYS = 1024;

function judgePublicKey(publicKey: Uint8Array): PublicKeyProblem | undefined {
  const y = leToBigInt(publicKey) & ((1n << 255n) - 1n);
  if (y >= FIELD_P) return "non-canonical";
  let point: ed.Point;
  try {
    point = ed.Point.fromBytes(publicKey, false);
  } catch {
    return "not-on-curve";
  }
  if (point.isSmallOrder()) return "small-order";
  return undefined;
}

/** Signature bytes are well-formed only when exactly 64 bytes and S < L (no malleable twins). */
export function signatureIsCanonical(signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  return leToBigInt(signature.subarray(32, 64)) < GROUP_L;
}

/**
 * RFC 8032 verification with the semantics of noble's strict branch (`zip215: false`) plus our
 * own key and S < L checks. noble (pure JS) costs ~2 ms per call, so OpenSSL's verifier runs
 * first: it accepts only when R is byte-equal to the canonical encoding of [S]B - [k]A, which
 * implies noble's cofactored equation holds with canonical R, so noble would accept too.
 * Whatever OpenSSL refuses goes to noble, which has the final word; the accepted set is exactly
 * noble's strict one (test/signing/ed25519.test.ts checks this differentially).
 */
export function verifyStrict(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (publicKeyProblem(publicKey) !== undefined) return false;
  if (!signatureIsCanonical(signature)) return false;
  if (opensslAccepts(signature, message, publicKey)) return true;
  return nobleStrict(signature, message, publicKey);
}

export function nobleStrict(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32 key bytes follow. */
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const opensslKeys = new Map<string, KeyObject>();

function opensslAccepts(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    const id = Buffer.from(publicKey).toString("hex");
    let key = opensslKeys.get(id);
    if (!key) {
      key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: "der", type: "spki" });
      if (opensslKeys.size >= MAX_JUDGED_KEYS) opensslKeys.clear();
      opensslKeys.set(id, key);
    }
    return nodeVerify(null, message, key, signature);
  } catch {
    return false;
  }
}

export function publicKeyFromSeed(seed: Uint8Array): Uint8Array {
  return ed.getPublicKey(seed);
}

export function signWithSeed(message: Uint8Array, seed: Uint8Array): Uint8Array {
  return ed.sign(message, seed);
}

export function randomSeed(): Uint8Array {
  return ed.utils.randomSecretKey();
}
