import { BaseError, UsageError } from "../errors.js";

/** Every refusal the HTTP service makes; each maps to one status code and is sent as {error:{code,message}}. */
export type ServiceErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_REQUEST"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "UPLOAD_TOO_LARGE"
  | "UPLOAD_REFUSED"
  | "INVALID_STATE"
  | "NOT_CONFIGURED"
  | "CONFIG_KEY_MISSING"
  | "CONFIG_KEY_WRONG"
  | "CSRF"
  | "RATE_LIMITED";

export const STATUS_OF: Record<ServiceErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_REQUEST: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UPLOAD_TOO_LARGE: 413,
  UPLOAD_REFUSED: 422,
  INVALID_STATE: 409,
  NOT_CONFIGURED: 409,
  CONFIG_KEY_MISSING: 503,
  CONFIG_KEY_WRONG: 503,
  CSRF: 403,
  RATE_LIMITED: 429,
};

export class ServiceError extends BaseError<ServiceErrorCode> {
  get status(): number {
    return STATUS_OF[this.code];
  }
}

/** For the CLI: a refusal the user can fix is a usage error (exit 2), not an internal one. */
export function usageFor(err: unknown): unknown {
  if (err instanceof ServiceError && err.status < 500) return new UsageError("CONFIG_ERROR", err.message, err);
  if (err instanceof ServiceError && (err.code === "CONFIG_KEY_MISSING" || err.code === "CONFIG_KEY_WRONG")) return new UsageError("CONFIG_ERROR", err.message, err);
  return err;
}
