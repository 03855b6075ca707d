import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ReportInput } from "../../src/report/index.js";
import { scanSkills } from "../../src/workflow/scan.js";

export const FIXTURES = resolve(__dirname, "../fixtures/skills");

/**
 * Real runs behind the golden reports: one folder per case, copied from test/fixtures/skills, scanned
 * by the static stages for real (Semgrep included) in a fresh SKILLSIGN_HOME with the shipped policy.
 */
export const GOLDEN_RUNS: Record<string, readonly string[]> = {
  // Every verdict, a dependency finding, Semgrep on code and an input error (no SKILL.md).
  "fixtures-mixed": ["benign-minimal", "benign-web-fetch", "deps-typosquat", "evasive-rev-eval", "hostile-missing-skill-md"],
  "fixtures-approved": ["benign-minimal", "benign-prose-only"],
};

/** What differs between two machines or two runs (tool versions, durations) is fixed; the rest is the real run. */
export async function fixtureRun(names: readonly string[]): Promise<{ report: ReportInput; baseDir: string; cleanup: () => void }> {
  const root = mkdtempSync(join(tmpdir(), "skillsign-golden-"));
  for (const n of names) cpSync(join(FIXTURES, n), join(root, "skills", n), { recursive: true });
  const { report } = await scanSkills({ paths: [join(root, "skills")], home: join(root, "home"), processEnv: { ...process.env, SKILLSIGN_HOME: join(root, "home") } });
  for (const s of report.skills) {
    for (const st of s.analysis.stages) if (st.tool) st.tool = { ...st.tool, version: "<version>" };
  }
  return { report, baseDir: root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
