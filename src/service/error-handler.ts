import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { BaseError, UsageError, errorMessage } from "../errors.js";
import { redactText } from "../redact.js";
import { StoreError } from "../store/error.js";
import { ServiceError } from "./errors.js";

export interface ErrorBody {
  error: { code: string; message: string };
}

/** Fastify's own error codes a client can cause, as our codes and statuses. */
const FASTIFY: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, "UNSUPPORTED_MEDIA_TYPE"],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, "UPLOAD_TOO_LARGE"],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, "BAD_REQUEST"],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, "BAD_REQUEST"],
  FST_ERR_CTP_EMPTY_TYPE: [415, "UNSUPPORTED_MEDIA_TYPE"],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, "BAD_REQUEST"],
};

/** Maps any error to `{error:{code,message}}`; never a stack trace, always redacted. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  const e = err as FastifyError & { validation?: unknown };
  let status = 500;
  let code = "INTERNAL_ERROR";
  let message = "internal error (see the server log)";
  if (err instanceof ServiceError) [status, code, message] = [err.status, err.code, err.message];
  else if (err instanceof StoreError && err.code === "SUBMISSION_NOT_FOUND") [status, code, message] = [404, "NOT_FOUND", "no such submission"];
  else if (err instanceof StoreError && (err.code === "INVALID_STATE" || err.code === "STORE_CONFLICT")) [status, code, message] = [409, "INVALID_STATE", err.message];
  // The analysed content no longer matches (a conflict); any other usage error is a bad request.
  else if (err instanceof UsageError) [status, code, message] = [err.code === "CONTENT_MISMATCH" ? 409 : 400, err.code, err.message];
  else if (e?.validation) [status, code, message] = [400, "BAD_REQUEST", e.message];
  else if (e?.code && FASTIFY[e.code]) [status, code, message] = [...FASTIFY[e.code]!, e.message];
  else if (e?.statusCode === 429) [status, code, message] = [429, "RATE_LIMITED", e.message || "too many requests"];
  else if (typeof e?.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500) [status, code, message] = [e.statusCode, "BAD_REQUEST", e.message];
  return { status, body: { error: { code, message: redactText(message) } } };
}

export function errorHandler(log: (line: string) => void) {
  return (err: unknown, req: FastifyRequest, reply: FastifyReply): void => {
    const { status, body } = toErrorResponse(err);
    if (status >= 500) {
      const code = err instanceof BaseError ? ` [${err.code}]` : "";
      log(redactText(`error ${req.method} ${req.url}${code}: ${errorMessage(err)}`));
    }
    void reply.status(status).type("application/json").send(body);
  };
}
