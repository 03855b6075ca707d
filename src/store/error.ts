import { BaseError } from "../errors.js";

export type StoreErrorCode =
  | "STORE_OPEN_FAILED"
  | "STORE_UNSUPPORTED"
  | "STORE_MIGRATION_FAILED"
  | "SUBMISSION_NOT_FOUND"
  | "INVALID_STATE"
  | "STORE_CONFLICT";

/** Failures of the embedded store; the CLI maps NOT_FOUND/INVALID_STATE/UNSUPPORTED to exit 2. */
export class StoreError extends BaseError<StoreErrorCode> {}

export const USER_STORE_ERRORS: readonly StoreErrorCode[] = ["STORE_UNSUPPORTED", "SUBMISSION_NOT_FOUND", "INVALID_STATE", "STORE_OPEN_FAILED"];
