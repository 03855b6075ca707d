import { BaseError } from "../errors.js";

export type PrefetchErrorCode = "PREFETCH_HASH_MISMATCH" | "PREFETCH_HASHES_INCOMPLETE" | "PREFETCH_FAILED" | "PREFETCH_REFUSED" | "PREFETCH_TOOL_MISSING" | "PREFETCH_TOO_LARGE";

/** A prefetch that could not produce what the build needs; becomes a build finding. */
export class PrefetchError extends BaseError<PrefetchErrorCode> {
  constructor(
    code: PrefetchErrorCode,
    message: string,
    readonly evidence = "",
    cause?: unknown,
  ) {
    super(code, message, cause);
  }
}
