import { BaseError } from "../errors.js";

/** Why a signature was not accepted. Each code maps to exactly one public `VerifyReason`. */
export type VerificationErrorCode =
  | "UNSIGNED"
  | "MALFORMED"
  | "UNTRUSTED_KEY"
  | "BAD_SIGNATURE"
  | "REVOKED"
  | "EXPIRED_KEY"
  | "CONTENT_MISMATCH"
  | "PERMISSIONS_MISMATCH"
  | "ROLLBACK"
  | "NAME_MISMATCH"
  | "AMBIGUOUS_PERMISSIONS"
  | "EXPIRED_METADATA"
  | "REPLAYED_METADATA"
  | "UNLISTED";

export class VerificationError extends BaseError<VerificationErrorCode> {}

/** Key material problems while signing or managing keys (never carries key bytes or passphrases). */
export type KeyErrorCode =
  | "KEY_EXISTS"
  | "KEY_FILE_INVALID"
  | "KEY_DECRYPT_FAILED"
  | "KEY_NOT_TRUSTED"
  | "NO_SIGNING_KEY"
  | "TRUST_FILE_INVALID";

export class KeyError extends BaseError<KeyErrorCode> {}
