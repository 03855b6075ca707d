import { BaseError } from "../errors.js";

/**
 * Why a sandboxed step could not run. Stages turn this into `status: "error"` with the
 * message as reason: a missing engine must never look like a clean result.
 */
export type DockerUnavailableCode =
  | "ENGINE_UNREACHABLE"
  | "PERMISSION_DENIED"
  | "RUNTIME_MISSING"
  | "IMAGE_MISSING"
  | "ENGINE_ERROR";

export class DockerUnavailableError extends BaseError<DockerUnavailableCode> {}

/** Maps a raw dockerode/socket failure to a coded, user-readable error. */
export function classifyDockerError(err: unknown, what: string): DockerUnavailableError {
  if (err instanceof DockerUnavailableError) return err;
  const e = err as { code?: string; statusCode?: number; message?: string; json?: { message?: string } };
  const detail = e?.json?.message ?? e?.message ?? String(err);
  if (e?.code === "ENOENT" || e?.code === "ECONNREFUSED" || e?.code === "ECONNRESET") {
    return new DockerUnavailableError(
      "ENGINE_UNREACHABLE",
      `Docker engine is not reachable (${e.code}) while trying to ${what}; start it with scripts/setup`,
      err,
    );
  }
  if (e?.code === "EACCES") {
    return new DockerUnavailableError("PERMISSION_DENIED", `no permission to use the Docker socket while trying to ${what}`, err);
  }
  if (/unknown or invalid runtime|unknown runtime/i.test(detail)) {
    return new DockerUnavailableError("RUNTIME_MISSING", `Docker runtime missing while trying to ${what}: ${detail}; run scripts/setup`, err);
  }
  if (e?.statusCode === 404 && /image/i.test(detail)) {
    return new DockerUnavailableError("IMAGE_MISSING", `image not found while trying to ${what}: ${detail}; run scripts/setup`, err);
  }
  return new DockerUnavailableError("ENGINE_ERROR", `Docker failed to ${what}: ${detail}`, err);
}
