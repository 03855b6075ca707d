import type { TrustFile } from "./trust.js";

export type VerifyReason =
  | "ok"
  | "unsigned"
  | "content-mismatch"
  | "permissions-mismatch"
  | "untrusted-key"
  | "revoked"
  | "expired-key"
  | "bad-signature"
  | "malformed"
  | "rollback";

export interface VerifyResult {
  ok: boolean;
  reason: VerifyReason;
  message: string;
  keyId?: string;
  skill?: { name: string; version: string; sequence: number };
}

export interface VerifyOptions {
  /** Trust file path; defaults to `<home>/trust.json` when `trust` is not given either. */
  trustPath?: string;
  /** In-memory trust (a relative `revocations` path cannot be resolved then). */
  trust?: TrustFile;
  /** Defaults to `<skillDir>.skillsig.json`. */
  signaturePath?: string;
  now?: Date;
  /** skillsign home; snapshots go to `<home>/snapshots`. */
  home?: string;
}
