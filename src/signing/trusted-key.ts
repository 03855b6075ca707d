import { VerificationError } from "./error.js";
import { keyIdOf, publicKeyProblem } from "./ed25519.js";
import { findTrustedKey, type TrustFile, type TrustedKey } from "./trust.js";

/**
 * Resolves a key id to public key bytes using ONLY the trust file. A key listed there whose bytes
 * are malformed, small-order or do not hash to its key id is refused as untrusted: the trust file
 * cannot vouch for a key that is not a real, full-order Ed25519 point.
 */
export function trustedPublicKey(trust: TrustFile, keyId: string): { entry: TrustedKey; publicKey: Uint8Array } {
  const entry = findTrustedKey(trust, keyId);
  if (!entry) throw new VerificationError("UNTRUSTED_KEY", `key ${keyId} is not in the trust file`);
  const bytes = Buffer.from(entry.publicKey, "base64");
  if (bytes.toString("base64") !== entry.publicKey) {
    throw new VerificationError("UNTRUSTED_KEY", `trusted key ${keyId} is refused: publicKey is not canonical base64`);
  }
  const problem = publicKeyProblem(bytes);
  if (problem) {
    throw new VerificationError("UNTRUSTED_KEY", `trusted key ${keyId} is refused: public key is ${describe(problem)}`);
  }
  if (keyIdOf(bytes) !== keyId) {
    throw new VerificationError("UNTRUSTED_KEY", `trusted key ${keyId} is refused: its public key hashes to a different key id`);
  }
  return { entry, publicKey: bytes };
}

function describe(problem: NonNullable<ReturnType<typeof publicKeyProblem>>): string {
  switch (problem) {
    case "length":
      return "not 32 bytes";
    case "non-canonical":
      return "a non-canonical encoding (y >= p)";
    case "not-on-curve":
      return "not a point on the curve";
    case "small-order":
      return "a small-order point (it would accept forged signatures)";
  }
}
