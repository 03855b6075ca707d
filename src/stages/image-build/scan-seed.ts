import { randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTrivy } from "../image-scan/trivy.js";
import { vulnDb } from "../image-scan/vuln-db.js";

const SEED_TIMEOUT_MS = 300_000;

/**
 * A scan server's cache that has never been used starts from the base image's analysis: made once
 * per base digest (and user) with exactly image-scan's scanners, then copied into the server's cache
 * dir before the server first opens it. Without it every new cache dir (each test home, a new
 * worker) pays a cold analysis of the ~480 MB base layer in its first SBOM or image scan
 * (tens of seconds loaded). Only the public base image's packages are in the seed.
 * Best effort: any failure leaves the server to analyse the base itself.
 */
export async function seedScanCache(
  trivyPath: string,
  base: { tag: string; digest: string },
  scanCacheDir: string,
  env: NodeJS.ProcessEnv,
  trivyEnv: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<void> {
  const target = join(scanCacheDir, "server", "cache", "fanal");
  // A server has used this cache already, or a real DB makes image-scan add vuln (not seeded).
  if (existsSync(target) || vulnDb(scanCacheDir).present || env.SKILLSIGN_TRIVY_SERVER) return;
  const root = env.SKILLSIGN_SBOM_SEED_DIR || join(tmpdir(), `skillsign-sbom-seed-${process.getuid?.() ?? 0}`);
  const seed = join(root, `scan-${base.digest.replace(/^sha256:/, "").slice(0, 16)}`);
  if (!existsSync(join(seed, "fanal"))) {
    const work = mkdtempSync(join(tmpdir(), "skillsign-scan-seed-"));
    try {
      await runTrivy({
        trivyPath,
        cacheDir: join(work, "cache"),
        target: { kind: "image", imageTag: base.tag },
        vuln: false,
        timeoutMs: SEED_TIMEOUT_MS,
        env: trivyEnv,
        signal: signal ?? new AbortController().signal,
        listAllPkgs: true,
      });
      mkdirSync(root, { recursive: true });
      renameSync(join(work, "cache"), seed);
    } catch {
      // another build seeded it first, or Trivy failed: checked below
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  if (!existsSync(join(seed, "fanal"))) return;
  const tmp = join(scanCacheDir, "server", "cache", `.fanal-seed-${process.pid}-${randomUUID()}`);
  try {
    mkdirSync(join(scanCacheDir, "server", "cache"), { recursive: true, mode: 0o700 });
    cpSync(join(seed, "fanal"), tmp, { recursive: true });
    renameSync(tmp, target); // fails when a server created its own meanwhile: keep that one
  } catch {
    rmSync(tmp, { recursive: true, force: true });
  }
}
