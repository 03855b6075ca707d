/** What the catalog says about one skill: only this exact signature of it is current. */
export interface CatalogEntry {
  /** SHA-256 and length of the signature file's bytes (the catalog pins the envelope). */
  signatureSha256: string;
  signatureLength: number;
  contentHash: string;
  permissionsHash: string;
  sequence: number;
}

/** A verified root of trust (docs/trust.md): the current root, its catalog and timestamp. */
export interface TrustRepo {
  dir: string;
  rootVersion: number;
  rootExpires: string;
  /** Signatures from distinct revocation-role keys a revocation list needs. */
  revocationThreshold: number;
  catalog: { version: number; expires: string; entries: ReadonlyMap<string, CatalogEntry> };
  timestamp: { version: number; expires: string };
}

/** The roles a root names. TUF's four plus skillsign's two online roles. */
export const ROLES = ["root", "targets", "snapshot", "timestamp", "signing", "revocation"] as const;
export type RoleName = (typeof ROLES)[number];
