import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "../../tools/lazy-execa.js";
import { InternalError } from "../../errors.js";
import type { SemgrepOutput } from "./semgrep-output.types.js";
import { buildScanRoot } from "./scan-root.js";
import { mergedRulesFile } from "./merged-rules.js";

export interface SemgrepInvocation {
  semgrepPath: string;
  rulesDir: string;
  /** Absolute paths of the skill snapshots to scan. */
  targets: string[];
  /** Where semgrep may keep its settings and log file (never the user's ~/.semgrep). */
  stateDir: string;
  processEnv: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Which of the concurrent semgrep processes this is (lanes.ts): each gets its own settings and log file. */
  lane?: number;
  /** The merged rules file when the caller already has it (one YAML parse per batch, not per process). */
  configFile?: string;
}

/** Without these semgrep phones home (and waits ~30 s for the network on an offline machine). */
export const SEMGREP_QUIET_ENV = { SEMGREP_ENABLE_VERSION_CHECK: "0", SEMGREP_SEND_METRICS: "off" } as const;

/** `semgrep --version` starts the Python wrapper (~2 s); the OCaml engine answers in ~0.2 s. */
export const SEMGREP_VERSION_ARGS = ["--experimental", "--version"];

/** Per-file limits: a file that is too big or too slow is reported, not silently dropped. */
const PER_FILE_TIMEOUT_S = "20";
const MAX_TARGET_BYTES = String(5 * 1024 * 1024);

/**
 * One semgrep process over many skill snapshots. Local rules only, no metrics, no version
 * check, and no ignore files: a skill must not be able to hide code from the scan with its
 * own .semgrepignore or a `tests/` folder (ignored by semgrep's defaults).
 */
export async function runSemgrep(inv: SemgrepInvocation): Promise<SemgrepOutput> {
  mkdirSync(inv.stateDir, { recursive: true });
  // One scan root for the whole batch: semgrep's cost is per target root, not per file.
  const root = buildScanRoot(join(inv.stateDir, "roots"), inv.targets);
  try {
    return root.restore(await runSemgrepOn(inv, [root.dir]));
  } finally {
    root.remove();
  }
}

async function runSemgrepOn(inv: SemgrepInvocation, targets: string[]): Promise<SemgrepOutput> {
  const args = [
    "scan",
    // The OCaml engine (osemgrep) instead of the Python wrapper: same rules, same JSON (diffed on the
    // fixtures and a real-skill corpus), ~2 s less start-up per process. See docs/semgrep.md.
    "--experimental",
    // One merged config file: semgrep pays a semgrep-core call per config file.
    "--config", inv.configFile ?? mergedRulesFile(inv.rulesDir, inv.stateDir),
    "--json",
    "--metrics=off",
    "--disable-version-check",
    "--no-rewrite-rule-ids",
    "--no-git-ignore",
    "--x-ignore-semgrepignore-files",
    // One OCaml domain: on 2 cores, -j 2 spent twice the CPU (GC across domains) for the same
    // work and finished later under load; the CPU is better left to the overlapping Node stages.
    "--jobs", "1",
    "--timeout", PER_FILE_TIMEOUT_S,
    "--max-target-bytes", MAX_TARGET_BYTES,
    "--quiet",
    ...targets,
  ];
  const r = await execa(inv.semgrepPath, args, {
    env: semgrepEnv(inv),
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    cwd: tmpdir(),
    timeout: inv.timeoutMs,
    cancelSignal: inv.signal,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.timedOut) throw new InternalError("STAGE_TIMEOUT", `semgrep did not finish within ${Math.round(inv.timeoutMs / 1000)} s`);
  if (r.isCanceled) throw new InternalError("TOOL_FAILED", "semgrep was cancelled");
  const output = parseOutput(r.stdout);
  // Exit 0 = scan finished (findings or not); anything else means the scan itself failed.
  if (r.exitCode !== 0 || !output) {
    const detail = output ? fatalMessage(output) : lastLine(r.stderr) || lastLine(r.stdout);
    throw new InternalError("TOOL_FAILED", `semgrep failed (exit ${r.exitCode ?? r.signal}): ${detail || "no output"}`);
  }
  return output;
}

/** Only what semgrep needs: never hand it the caller's tokens. */
function semgrepEnv(inv: SemgrepInvocation): NodeJS.ProcessEnv {
  const keep = ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"];
  const env: NodeJS.ProcessEnv = {};
  for (const k of keep) if (inv.processEnv[k] !== undefined) env[k] = inv.processEnv[k];
  return {
    ...env,
    ...SEMGREP_QUIET_ENV,
    SEMGREP_SETTINGS_FILE: join(inv.stateDir, inv.lane ? `settings-${inv.lane}.yml` : "settings.yml"),
    SEMGREP_LOG_FILE: join(inv.stateDir, inv.lane ? `semgrep-${inv.lane}.log` : "semgrep.log"),
    SEMGREP_VERSION_CACHE_PATH: join(inv.stateDir, "version-cache"),
  };
}

function parseOutput(stdout: string): SemgrepOutput | undefined {
  try {
    const parsed = JSON.parse(stdout) as Partial<SemgrepOutput>;
    if (!Array.isArray(parsed.results) || !Array.isArray(parsed.errors)) return undefined;
    return parsed as SemgrepOutput;
  } catch {
    return undefined;
  }
}

function fatalMessage(out: SemgrepOutput): string {
  return out.errors.map((e) => e.message ?? String(e.type)).filter(Boolean).join("; ").slice(0, 500);
}

function lastLine(s: string): string {
  return s.trim().split("\n").pop()?.slice(0, 500) ?? "";
}
