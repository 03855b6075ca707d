import type { Permissions } from "../skill/permissions.js";
import type { TrustContext } from "./open-trust.js";
import type { ManifestFile, ResolvedDependency } from "./statement.types.js";
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
  | "rollback"
  | "name-mismatch"
  | "ambiguous-permissions"
  | "expired-metadata"
  | "replayed-metadata"
  | "unlisted";

/**
 * The bytes that were verified, held in memory: a runtime loads THESE (or `install`s them),
 * never the folder again, so nothing swapped in after verification is ever used.
 */
export interface VerifiedSkill {
  contentHash: string;
  /** The signed permissions: what a runtime must enforce (never its own parse of SKILL.md). */
  permissions: Permissions;
  files: readonly ManifestFile[];
  /** path → verified bytes (read-only by contract; a fresh Map per result). */
  contents: ReadonlyMap<string, Buffer>;
  /** The exact signature file bytes that were verified. */
  envelope: Buffer;
  /** The dependencies the build installed, as signed (exact versions and hashes). */
  dependencies?: readonly ResolvedDependency[];
}

export interface VerifyResult {
  ok: boolean;
  reason: VerifyReason;
  message: string;
  keyId?: string;
  skill?: { name: string; version: string; sequence: number };
  /** Present only when `ok`. Not part of the JSON output. */
  verified?: VerifiedSkill;
}

export interface VerifyOptions {
  /** Trust file path; defaults to `<home>/trust.json` when `trust` is not given either. */
  trustPath?: string;
  /** In-memory trust (a relative `revocations` path cannot be resolved then). */
  trust?: TrustFile;
  /** Defaults to `<skillDir>.skillsig.json`. */
  signaturePath?: string;
  now?: Date;
  /** skillsign home (replay-protection state lives under `<home>/trust-state`). */
  home?: string;
  /** The skill name the caller expects; default: the folder's name. The signed name must equal it. */
  expectedName?: string;
  /** Replay-protection state file (see openTrust). */
  statePath?: string;
  /** Trust already opened by the caller (verify --all opens it once for every skill). */
  context?: TrustContext;
}
