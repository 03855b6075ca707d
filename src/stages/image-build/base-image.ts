import { readFileSync } from "node:fs";
import { join } from "node:path";
import type Docker from "dockerode";
import { ensureImage } from "../../sandbox/image.js";

/** The platform base image every skill is built on (docker/base-image.env, built by scripts/setup). */
export interface BaseImage {
  /** Repository without tag, e.g. "skillsign/base": any tag of it counts as the platform base. */
  repo: string;
  /** The tag FROM uses, e.g. "skillsign/base:1f622e53d471". */
  tag: string;
  /** The unprivileged user install steps run as, and its home. */
  uid: number;
  home: string;
}

export interface ResolvedBaseImage extends BaseImage {
  /** Image id without "sha256:"; part of the cache tag, so a rebuilt base invalidates old builds. */
  digest: string;
}

const BASE_ENV_FILE = "docker/base-image.env";

/**
 * Reads the recipe's repo and tag; SKILLSIGN_BASE_REPO overrides the repo (as in scripts/setup),
 * SKILLSIGN_BASE_IMAGE the whole reference (tests, other deployments).
 */
export function platformBaseImage(assetsDir: string, env: NodeJS.ProcessEnv): BaseImage {
  const vars = readEnvFile(join(assetsDir, BASE_ENV_FILE));
  const repo = env.SKILLSIGN_BASE_REPO || vars.SKILLSIGN_BASE_REPO || "skillsign/base";
  const user = { uid: Number(vars.SKILLSIGN_BASE_UID) || 1000, home: vars.SKILLSIGN_BASE_HOME || "/home/skill" };
  const override = env.SKILLSIGN_BASE_IMAGE;
  if (override) return { repo: repoOf(override), tag: override, ...user };
  return { repo, tag: `${repo}:${vars.SKILLSIGN_BASE_TAG || "latest"}`, ...user };
}

/** Looks the base image up locally (nothing is pulled); throws DockerUnavailableError IMAGE_MISSING. */
export async function resolveBaseImage(docker: Docker, base: BaseImage): Promise<ResolvedBaseImage> {
  const info = await ensureImage(base.tag, docker);
  return { ...base, digest: info.id.replace(/^sha256:/, "") };
}

/** "registry:5000/a/b:tag" -> "registry:5000/a/b"; digests ("@sha256:...") are dropped too. */
export function repoOf(image: string): string {
  const noDigest = image.split("@")[0]!;
  const lastSlash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > lastSlash ? noDigest.slice(0, colon) : noDigest;
}

function readEnvFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return out;
  }
  for (const line of text.split("\n")) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}
