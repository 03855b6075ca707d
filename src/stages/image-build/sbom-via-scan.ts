import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InternalError } from "../../errors.js";
import { execa } from "../../tools/lazy-execa.js";
import { trivyServer } from "../image-scan/server.js";
import { runTrivy } from "../image-scan/trivy.js";
import { vulnDb } from "../image-scan/vuln-db.js";
import { seedScanCache } from "./scan-seed.js";

const TIMEOUT_MS = 180_000;

/**
 * The image's CycloneDX SBOM from the analysis image-scan reuses: one `trivy image` as a client of
 * the machine's trivy server with exactly image-scan's scanners (plus `--list-all-pkgs`, which does
 * not change Trivy's cache key), then `trivy convert --format cyclonedx` of that report (offline,
 * well under a second; same components and dependencies as `--format cyclonedx`, measured).
 * The expensive part of either run is dockerd exporting the whole image; this way it happens once
 * per build instead of twice, because image-scan's run then finds every layer in the server's cache.
 * Returns undefined when no server can be used (the caller then runs Trivy directly).
 */
export async function sbomViaScanServer(
  trivyPath: string,
  tag: string,
  base: { tag: string; digest: string },
  scanCacheDir: string,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<string | undefined> {
  if (env.SKILLSIGN_SBOM_VIA_SERVER === "0" || env.SKILLSIGN_TRIVY_SERVER === "off") return undefined;
  const trivyEnv = Object.fromEntries(
    ["PATH", "HOME", "TMPDIR", "DOCKER_HOST", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY"].filter((k) => env[k]).map((k) => [k, env[k]]),
  );
  await seedScanCache(trivyPath, base, scanCacheDir, env, trivyEnv, signal);
  const server = await trivyServer(trivyPath, scanCacheDir, env).catch(() => undefined);
  if (!server) return undefined;
  const report = await runTrivy({
    trivyPath,
    cacheDir: join(scanCacheDir, "server", "client"),
    target: { kind: "image", imageTag: tag },
    vuln: vulnDb(scanCacheDir).present, // as image-scan decides it, so the analysis is the same
    timeoutMs: TIMEOUT_MS,
    env: trivyEnv,
    signal: signal ?? new AbortController().signal,
    server,
    listAllPkgs: true,
  });
  // Only packages go into the SBOM: findings (secrets, misconfigurations, vulnerabilities) are image-scan's.
  for (const r of report.Results ?? []) {
    delete r.Secrets;
    delete r.Misconfigurations;
    delete r.Vulnerabilities;
  }
  const work = mkdtempSync(join(tmpdir(), "skillsign-sbom-conv-"));
  try {
    writeFileSync(join(work, "report.json"), JSON.stringify(report));
    const out = join(work, "sbom.cdx.json");
    const r = await execa(trivyPath, ["convert", "--format", "cyclonedx", "--output", out, "--quiet", join(work, "report.json")], {
      env: { PATH: env.PATH, HOME: work },
      extendEnv: false,
      reject: false,
      all: true,
      timeout: 60_000,
      cancelSignal: signal,
    });
    if (r.exitCode !== 0 || !existsSync(out)) {
      throw new InternalError("TOOL_FAILED", `trivy convert failed: ${(r.all ?? "").trim().split("\n").slice(-3).join(" | ")}`);
    }
    return readFileSync(out, "utf8");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
