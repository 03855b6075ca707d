/**
 * Coded errors (after sigstore-js): every failure the CLI can report carries a
 * SCREAMING_SNAKE code, a message written for the user, and the lower-level cause.
 */
export class BaseError<Code extends string> extends Error {
  readonly code: Code;
  override readonly cause?: unknown;

  constructor(code: Code, message: string, cause?: unknown) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.cause = cause;
  }
}

/** Bad command-line usage or configuration: exit code 2. */
export type UsageErrorCode = "USAGE_ERROR" | "CONFIG_ERROR" | "PASSPHRASE_MISSING" | "FILE_NOT_FOUND" | "NOT_WAIVABLE" | "UNKNOWN_RULE" | "CONTENT_MISMATCH" | "BASELINE_UNSIGNED" | "BASELINE_SIGNATURE" | "BASELINE_UNTRUSTED_KEY" | "BASELINE_KEY_REVOKED" | "BASELINE_KEY_EXPIRED" | "BASELINE_TRUST";
export class UsageError extends BaseError<UsageErrorCode> {}

/** Something inside skillsign failed: exit code 3 (fail closed). */
/** PARSE_FAILED: a file skillsign reads (shipped data, a manifest, a pattern) could not be parsed. */
export type InternalErrorCode = "INTERNAL_ERROR" | "TOOL_MISSING" | "TOOL_FAILED" | "STAGE_TIMEOUT" | "CANCELLED" | "PARSE_FAILED" | "STAGE_REGISTRY";
export class InternalError extends BaseError<InternalErrorCode> {}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
