import { VerificationError } from "./error.js";
import type { RevocationList } from "./revocation.js";
import type { TrustFile } from "./trust.js";
import { trustedPublicKey } from "./trusted-key.js";

export type KeyStatus = "active" | "retired" | "expired" | "not-yet-valid" | "revoked" | "refused";

export interface KeyListing {
  keyId: string;
  status: KeyStatus;
  validFrom: string;
  validUntil: string;
  retiredAt?: string;
  revokedAt?: string;
  /** Why a listed key would be refused at verification (malformed or small-order). */
  problem?: string;
}

/** What `keys list` shows: each trusted key and whether it can sign today. */
export function listKeys(trust: TrustFile, revocations: RevocationList | undefined, now: Date = new Date()): KeyListing[] {
  return trust.keys.map((k) => {
    const base = { keyId: k.keyId, validFrom: k.validFrom, validUntil: k.validUntil, ...(k.retiredAt ? { retiredAt: k.retiredAt } : {}) };
    try {
      trustedPublicKey(trust, k.keyId);
    } catch (err) {
      if (err instanceof VerificationError) return { ...base, status: "refused" as const, problem: err.message };
      throw err;
    }
    const revoked = revocations?.revoked.find((r) => r.keyId === k.keyId);
    if (revoked) return { ...base, status: "revoked" as const, revokedAt: revoked.revokedAt };
    const t = now.getTime();
    if (k.retiredAt && t > Date.parse(k.retiredAt)) return { ...base, status: "retired" as const };
    if (t < Date.parse(k.validFrom)) return { ...base, status: "not-yet-valid" as const };
    if (t > Date.parse(k.validUntil)) return { ...base, status: "expired" as const };
    return { ...base, status: "active" as const };
  });
}
