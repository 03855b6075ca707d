import { join } from "node:path";
import { errorMessage, InternalError } from "../../errors.js";
import { imageScanInfo } from "./info.js";
import type { StageOutcome } from "../../findings.types.js";
import { redactText } from "../../redact.js";
import { findTool } from "../../tools/find-tool.js";
import { buildOutput } from "../image-build/output.js";
import { readOutput } from "../output.js";
import type { Stage, StageContext } from "../stage.types.js";
import { ImageScanCache, imageScanCacheKey } from "./cache.js";
import { mapTrivyReport } from "./map-results.js";
import { materialise } from "./materialise.js";
import { prepareRunCache } from "./run-cache.js";
import { trivyServer } from "./server.js";
import { runTrivy, type ScanTarget } from "./trivy.js";
import { trivyCacheDir, vulnDb } from "./vuln-db.js";

const STAGE_VERSION = imageScanInfo.version;
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const MARGIN_MS = 10_000;
export const NO_VULN_DB = "skipped: no vulnerability database";

/**
 * Image-scan stage: Trivy, offline, over the image the build stage produced (or the snapshot
 * when no image was built). Secrets and misconfigurations always; vulnerabilities only when a
 * Trivy DB is already present. Which checks ran is reported in `checks`.
 */
export const imageScanStage: Stage = {
  ...imageScanInfo,
  appliesTo: () => ({ applies: true }),
  run: runImageScanStage,
};

export async function runImageScanStage(ctx: StageContext): Promise<StageOutcome> {
  const env = ctx.env.processEnv;
  const trivy = await findTool("trivy", { env, timeoutMs: 30_000 });
  if (!trivy) {
    throw new InternalError("TOOL_MISSING", "trivy is not installed; run `sudo skillsign setup` (or scripts/setup --only trivy)");
  }
  const tool = { name: "trivy", version: trivy.version };
  const imageTag = readOutput(ctx.results, buildOutput)?.imageTag;
  const cacheDir = trivyCacheDir(ctx.env.cacheDir, env);
  const db = vulnDb(cacheDir);
  const checks = { secret: "ran", misconfig: "ran", vuln: db.present ? "ran" : NO_VULN_DB };
  const cache = new ImageScanCache(ctx.env.cacheDir);
  const key = imageScanCacheKey({
    stageVersion: STAGE_VERSION,
    contentHash: ctx.snapshot.contentHash,
    target: imageTag ?? "fs",
    trivyVersion: trivy.version,
    vulnDb: db.present ? `db:${db.updatedAt ?? "unknown"}` : "none",
  });
  const hit = cache.get(key);
  if (hit) return { ...hit, data: { ...hit.data, cached: true } };

  const fsDir = imageTag ? undefined : materialise(ctx.snapshot);
  const target: ScanTarget = imageTag ? { kind: "image", imageTag } : { kind: "fs", dir: fsDir!.dir };
  let runCache: ReturnType<typeof prepareRunCache> | undefined;
  try {
    // The machine's shared trivy server (server.ts); without one, a cache dir of this run's own
    // (run-cache.ts): concurrent Trivy runs must never open the same bbolt file.
    // A server that cannot start is not fatal: this run falls back to a private cache.
    const server = await trivyServer(trivy.path, cacheDir, env).catch((err: unknown) => {
      if (env.SKILLSIGN_TRIVY_SERVER) throw err;
      return undefined;
    });
    runCache = server ? undefined : prepareRunCache(cacheDir);
    const report = await runTrivy({
      trivyPath: trivy.path,
      // In client mode the analysis cache is the server's; the client keeps nothing of its own.
      cacheDir: runCache?.dir ?? join(cacheDir, "server", "client"),
      target,
      vuln: db.present,
      timeoutMs: timeoutMs(ctx),
      env: trivyEnv(env),
      signal: ctx.env.signal,
      server,
    });
    runCache?.promote();
    const mapped = mapTrivyReport(report, target.kind, ctx.snapshot);
    const outcome: StageOutcome = {
      status: mapped.findings.length ? "findings" : "passed",
      tool,
      findings: mapped.findings,
      checks,
      data: { target: target.kind, imageTag, outsideSkill: mapped.outsideSkill, cached: false, server: server ? (env.SKILLSIGN_TRIVY_SERVER ? "configured" : "local") : "none" },
    };
    cache.put(key, outcome);
    return outcome;
  } catch (err) {
    const coded = err instanceof InternalError ? `${err.code}: ${err.message}` : `trivy failed: ${errorMessage(err)}`;
    return { status: "error", reason: redactText(coded), tool, findings: [], checks, data: { target: target.kind, imageTag } };
  } finally {
    runCache?.dispose();
    fsDir?.dispose();
  }
}

function timeoutMs(ctx: StageContext): number {
  const wanted = Number(ctx.env.processEnv.SKILLSIGN_TRIVY_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;
  return Math.max(1_000, Math.min(wanted, ctx.env.stageTimeoutMs - MARGIN_MS));
}

/** Trivy sees only what it needs: where Docker is and a home/tmp for itself; no tokens. */
function trivyEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const keep = ["PATH", "HOME", "TMPDIR", "DOCKER_HOST", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY"];
  return Object.fromEntries(keep.filter((k) => env[k]).map((k) => [k, env[k]]));
}
