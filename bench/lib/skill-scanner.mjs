// The peer scanner for speed comparisons: Cisco's `skill-scanner scan-all` (PyPI
// cisco-ai-skill-scanner) in its default static mode — YAML/YARA signatures, bytecode and pipeline
// analyzers; no LLM, no VirusTotal, no AI Defense, no OSV (those need flags and keys, never given).
// Shared by bench/static/run.mjs and bench/corpus/run.mjs (--compare).
//
//   import { findSkillScanner, runSkillScanner } from "../lib/skill-scanner.mjs";
//   const bin = findSkillScanner();                 // undefined when not installed
//   const r = runSkillScanner(bin, ["bench/corpus/benign"]);  // { wallMs, skills: [...], version }
//
// Install: bash bench/lib/install-skill-scanner.sh (a venv under /opt/skillsign-tools).
import { spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";

export const SKILL_SCANNER_VENV = "/opt/skillsign-tools/skill-scanner-venv";
export const INSTALL_HINT = "bash bench/lib/install-skill-scanner.sh  (python3 -m venv + pip install cisco-ai-skill-scanner)";

const executable = (p) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** $SKILL_SCANNER, the venv that install-skill-scanner.sh creates, bench/out/venv, then PATH. */
export function findSkillScanner(env = process.env) {
  const repo = resolve(import.meta.dirname, "..", "..");
  const candidates = [
    env.SKILL_SCANNER,
    join(env.SKILLSIGN_TOOLS || "/opt/skillsign-tools", "skill-scanner-venv", "bin", "skill-scanner"),
    join(repo, "bench", "out", "venv", "bin", "skill-scanner"),
    ...(env.PATH ?? "").split(delimiter).filter(Boolean).map((d) => join(d, "skill-scanner")),
  ].filter(Boolean);
  return candidates.find(executable);
}

/**
 * Only what the scanner needs: no API keys reach it, so it cannot switch on a network analyzer,
 * and its version check / telemetry have nothing to authenticate with.
 */
function peerEnv(env) {
  const keep = ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"];
  return Object.fromEntries(keep.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
}

export function skillScannerVersion(bin, env = process.env) {
  const r = spawnSync(bin, ["--version"], { encoding: "utf8", env: peerEnv(env) });
  return /(\d+\.\d+\.\d+\S*)/.exec(`${r.stdout}${r.stderr}`)?.[1] ?? "unknown";
}

/**
 * Runs `skill-scanner scan-all DIR --format json` once per folder of skills (scan-all takes one
 * folder), in sequence, and returns the summed wall time and one row per skill it reported.
 * Throws when a run fails, so a broken peer never looks infinitely fast.
 */
export function runSkillScanner(bin, dirs, { env = process.env, recursive = false } = {}) {
  const work = mkdtempSync(join(tmpdir(), "skill-scanner-bench-"));
  const skills = [];
  let wallMs = 0;
  try {
    dirs.forEach((dir, i) => {
      const out = join(work, `report-${i}.json`);
      const args = ["scan-all", resolve(dir), "--format", "json", "--output", out, ...(recursive ? ["--recursive"] : [])];
      const started = process.hrtime.bigint();
      const r = spawnSync(bin, args, { encoding: "utf8", env: peerEnv(env), maxBuffer: 256 * 1024 * 1024 });
      wallMs += Number(process.hrtime.bigint() - started) / 1e6;
      if (r.status !== 0) throw new Error(`skill-scanner scan-all ${dir} exited ${r.status}: ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" | ")}`);
      const report = JSON.parse(readFileSync(out, "utf8"));
      for (const s of report.results ?? []) {
        skills.push({
          path: s.skill_path,
          name: s.skill_name,
          safe: s.is_safe,
          maxSeverity: s.max_severity,
          findings: s.findings_count ?? (s.findings ?? []).length,
          ruleIds: [...new Set((s.findings ?? []).map((f) => f.rule_id ?? f.category).filter(Boolean))],
        });
      }
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { wallMs, skills, version: skillScannerVersion(bin, env), command: `${bin} scan-all DIR --format json --output FILE` };
}
