import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "../../tools/lazy-execa.js";
import { InternalError } from "../../errors.js";
import { redactText } from "../../redact.js";
import { findToolPath } from "../../tools/find-tool.js";
import type { TrivyServer } from "./server.js";
import type { TrivyReport } from "./trivy-report.types.js";

export type ScanTarget = { kind: "image"; imageTag: string } | { kind: "fs"; dir: string };

export interface TrivyRun {
  trivyPath: string;
  cacheDir: string;
  target: ScanTarget;
  vuln: boolean;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** Client/server mode: the analysis goes to this server's cache instead of a local bbolt file. */
  server?: TrivyServer;
  /** Every package in the report (the build's SBOM is converted from it); same analysis cache key. */
  listAllPkgs?: boolean;
}

/**
 * Flags that keep the pinned Trivy (0.74) offline: no DB or check download, no dependency API
 * lookups, no telemetry or version check. Misconfig checks come from the binary's embedded bundle.
 */
export function trivyArgs(run: Omit<TrivyRun, "trivyPath" | "env" | "signal">, outFile: string): string[] {
  const server = run.server ? ["--server", run.server.url, ...(run.server.token ? ["--token", run.server.token] : [])] : [];
  const scanners = run.vuln ? "vuln,secret,misconfig" : "secret,misconfig";
  const common = [
    "--scanners", scanners,
    "--skip-db-update", "--skip-java-db-update", "--skip-check-update", "--offline-scan",
    "--disable-telemetry", "--skip-version-check", "--no-progress", "--quiet",
    "--cache-dir", run.cacheDir,
    "--timeout", `${Math.max(1, Math.floor(run.timeoutMs / 1000))}s`,
    "--format", "json", "--output", outFile,
    ...(run.listAllPkgs ? ["--list-all-pkgs"] : []),
    ...server,
  ];
  return run.target.kind === "image"
    ? ["image", "--image-src", "docker", ...common, run.target.imageTag]
    : ["fs", ...common, run.target.dir];
}

/** Runs Trivy once and returns its parsed JSON report; throws InternalError TOOL_FAILED otherwise. */
export async function runTrivy(run: TrivyRun): Promise<TrivyReport> {
  const outDir = mkdtempSync(join(tmpdir(), `skillsign-trivy-${process.pid}-`));
  const outFile = join(outDir, "report.json");
  try {
    const args = trivyArgs(run, outFile);
    const [cmd, argv] = isolated(run) ? ["unshare", ["-n", run.trivyPath, ...args]] : [run.trivyPath, args];
    const r = await execa(cmd, argv, {
      env: run.env,
      extendEnv: false,
      reject: false,
      timeout: run.timeoutMs,
      cancelSignal: run.signal,
      stdin: "ignore",
      maxBuffer: 4 * 1024 * 1024,
    });
    if (r.timedOut) throw new InternalError("STAGE_TIMEOUT", `trivy did not finish within ${run.timeoutMs} ms`);
    if (r.exitCode !== 0) {
      const tail = `${r.stderr}\n${r.stdout}`.trim().split("\n").slice(-8).join("\n");
      throw new InternalError("TOOL_FAILED", redactText(`trivy exited ${r.exitCode ?? r.signal}: ${tail}`));
    }
    return JSON.parse(readFileSync(outFile, "utf8")) as TrivyReport;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

let canUnshare: boolean | undefined;

/**
 * Trivy runs in its own empty network namespace when the host allows it (root), so even a
 * flag it ignores cannot reach the network. A unix Docker socket still works from there.
 */
function isolated(run: TrivyRun): boolean {
  // A client must reach its server on 127.0.0.1, which an empty network namespace does not have.
  if (run.server) return false;
  const host = run.env.DOCKER_HOST;
  if (run.target.kind === "image" && host && !host.startsWith("unix://")) return false;
  if (canUnshare === undefined) {
    const path = findToolPath("unshare", { PATH: run.env.PATH ?? "/usr/bin:/bin" });
    canUnshare = !!path && spawnSync(path, ["-n", "true"], { stdio: "ignore", timeout: 5_000 }).status === 0;
  }
  return canUnshare;
}
