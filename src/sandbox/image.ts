import type Docker from "dockerode";
import { dockerClient } from "./client.js";
import { classifyDockerError, DockerUnavailableError } from "./errors.js";

export interface ImageInfo {
  tag: string;
  id: string;
  labels: Record<string, string>;
}

/**
 * Makes sure an image exists locally. No registry is assumed, so nothing is pulled:
 * a missing image means scripts/setup (or the build stage) has not produced it.
 */
export async function ensureImage(tag: string, docker: Docker = dockerClient()): Promise<ImageInfo> {
  try {
    const img = (await docker.getImage(tag).inspect()) as { Id: string; Config?: { Labels?: Record<string, string> | null } };
    return { tag, id: img.Id, labels: img.Config?.Labels ?? {} };
  } catch (err) {
    const e = err as { statusCode?: number };
    if (e?.statusCode === 404) {
      throw new DockerUnavailableError("IMAGE_MISSING", `image ${tag} is not present locally; run scripts/setup to build it`, err);
    }
    throw classifyDockerError(err, `inspect image ${tag}`);
  }
}
