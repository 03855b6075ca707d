import { createHash, randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "../../tools/lazy-execa.js";
import { InternalError } from "../../errors.js";
import { findToolPath } from "../../tools/find-tool.js";
import { sbomViaScanServer } from "./sbom-via-scan.js";

/** What the build records about the image's SBOM (data.sbom; its digest goes into the signed statement). */
export interface SbomRef {
  format: "CycloneDX";
  specVersion: string;
  sha256: string;
  components: number;
  /** Where it came from: stored for this image id, the scan server's analysis (converted), or a direct Trivy run. */
  via?: "stored" | "scan-server" | "trivy";
}

const SBOM_TIMEOUT_MS = 120_000;

/** `$SKILLSIGN_HOME/sbom/<sha256>.cdx.json`: the SBOM bytes, by their digest. */
export function sbomPath(home: string, sha256: string): string {
  return join(home, "sbom", `${sha256}.cdx.json`);
}

/** The SBOM recorded for a skill's content hash (what `skillsign status --sbom` prints), if any. */
export function sbomForContent(home: string, contentHash: string): { sha256: string; text: string } | undefined {
  const index = join(home, "sbom", "by-content", contentHash);
  if (!existsSync(index)) return undefined;
  const sha256 = readFileSync(index, "utf8").trim();
  const path = sbomPath(home, sha256);
  if (!/^[0-9a-f]{64}$/.test(sha256) || !existsSync(path)) return undefined;
  const text = readFileSync(path, "utf8");
  return createHash("sha256").update(text).digest("hex") === sha256 ? { sha256, text } : undefined;
}

/**
 * CycloneDX SBOM of the built image from Trivy, offline (`--image-src docker`: never a registry;
 * cyclonedx output turns vulnerability scanning off, so no database is needed). One per image id:
 * a cached image keeps the SBOM made when it was built.
 */
export interface SbomTarget {
  tag: string;
  imageId: string;
  contentHash: string;
  /** The platform base image: its layers' analysis is seeded once and shared. */
  baseTag: string;
  baseDigest: string;
  /** image-scan's Trivy cache dir: its server makes the SBOM (sbom-via-scan.ts) when it can run. */
  scanCacheDir?: string;
}

export async function imageSbom(t: SbomTarget, home: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<SbomRef> {
  const byImage = join(home, "sbom", "by-image", t.imageId.replace(/^sha256:/, ""));
  let text: string | undefined;
  let via: SbomRef["via"] = "stored";
  if (existsSync(byImage)) {
    const known = sbomPath(home, readFileSync(byImage, "utf8").trim());
    if (existsSync(known)) text = readFileSync(known, "utf8");
  }
  if (text === undefined && t.scanCacheDir) {
    const trivy = findToolPath("trivy", env);
    via = "scan-server";
    // A failure here only costs time: the direct run below still makes the SBOM.
    if (trivy) text = await sbomViaScanServer(trivy, t.tag, { tag: t.baseTag, digest: t.baseDigest }, t.scanCacheDir, env, signal).catch(() => undefined);
  }
  if (text === undefined) {
    via = "trivy";
    const seed = await baseSeed(t, env, signal);
    text = await runTrivy(t.tag, seed, env, signal);
  }
  const doc = JSON.parse(text) as { bomFormat?: string; specVersion?: string; components?: unknown[] };
  if (doc.bomFormat !== "CycloneDX") throw new InternalError("TOOL_FAILED", "trivy did not produce a CycloneDX document");
  const sha256 = createHash("sha256").update(text).digest("hex");
  put(sbomPath(home, sha256), text);
  put(byImage, sha256);
  put(join(home, "sbom", "by-content", t.contentHash), sha256);
  return { format: "CycloneDX", specVersion: String(doc.specVersion ?? ""), sha256, components: doc.components?.length ?? 0, via };
}

/**
 * Trivy's layer cache makes the base image's ~500 packages a one-time cost (64 s cold vs 0.8 s
 * warm for one image, measured loaded). The seed holds only the (public) base image's analysis,
 * per base digest, shared by every SKILLSIGN_HOME of this user (SKILLSIGN_SBOM_SEED_DIR overrides).
 */
async function baseSeed(t: SbomTarget, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<string | undefined> {
  const root = env.SKILLSIGN_SBOM_SEED_DIR || join(tmpdir(), `skillsign-sbom-seed-${process.getuid?.() ?? 0}`);
  const seed = join(root, t.baseDigest.replace(/^sha256:/, "").slice(0, 16));
  if (existsSync(join(seed, "fanal"))) return seed;
  const work = mkdtempSync(join(tmpdir(), "skillsign-sbom-seed-"));
  try {
    await trivySbom(t.baseTag, join(work, "cache"), join(work, "base.json"), env, signal);
    mkdirSync(root, { recursive: true });
    try {
      renameSync(join(work, "cache"), seed);
    } catch {
      // another build seeded it first
    }
    return existsSync(join(seed, "fanal")) ? seed : undefined;
  } catch {
    return undefined; // no seed: this run analyses the base layers itself
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One SBOM run on a copy of the seed: concurrent Trivy runs must never share one bbolt file. */
async function runTrivy(tag: string, seed: string | undefined, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), "skillsign-sbom-"));
  try {
    if (seed) cpSync(seed, join(work, "cache"), { recursive: true });
    const out = join(work, "sbom.json");
    await trivySbom(tag, join(work, "cache"), out, env, signal);
    return readFileSync(out, "utf8");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function trivySbom(tag: string, cacheDir: string, out: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<void> {
  const trivy = findToolPath("trivy", env);
  if (!trivy) throw new InternalError("TOOL_MISSING", "trivy not found (run scripts/setup)");
  const r = await execa(trivy, [
    "image", "--image-src", "docker", "--format", "cyclonedx", "--output", out,
    "--skip-db-update", "--skip-java-db-update", "--skip-check-update", "--offline-scan",
    "--disable-telemetry", "--skip-version-check", "--no-progress", "--cache-dir", cacheDir, tag,
  ], { env: { PATH: env.PATH, HOME: dirname(out), DOCKER_HOST: env.DOCKER_HOST }, extendEnv: false, reject: false, all: true, timeout: SBOM_TIMEOUT_MS, cancelSignal: signal });
  if (r.exitCode !== 0 || !existsSync(out)) throw new InternalError("TOOL_FAILED", `trivy SBOM failed: ${(r.all ?? "").trim().split("\n").slice(-3).join(" | ")}`);
}

function put(path: string, data: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
