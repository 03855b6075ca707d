import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
// A private copy of dist/, so another engineer rebuilding dist/ mid-run cannot break the spawned CLI.
import { frozenCli } from "../../bench/concurrency/frozen-build.mjs";
import { exitCodeForRun } from "../../src/cli/options.js";
import type { Decision } from "../../src/verdict/verdict.types.js";
import { EXPECTATIONS } from "./expectations.js";

const BUILT = existsSync(resolve("dist/bin/skillsign.js"));
const FIXTURES = resolve("test/fixtures/skills");
const run = promisify(execFile);

interface ScanJson {
  skills: Array<{ path: string; verdict: Decision; reasons: Array<{ message: string }>; findings: Array<{ ruleId: string }>; stages: Array<{ stageId: string; status: string; reason?: string }> }>;
  inputErrors: Array<{ path: string; code: string; message: string }>;
}

async function scan(paths: string[]): Promise<{ code: number; json?: ScanJson; stderr: string }> {
  const home = mkdtempSync(join(tmpdir(), "skillsign-e2e-"));
  const opts = { cwd: FIXTURES, env: { ...process.env, SKILLSIGN_HOME: home, CI: "1" }, maxBuffer: 256 * 1024 * 1024 };
  try {
    const r = await run(process.execPath, [frozenCli(), "scan", ...paths, "--format", "json"], opts);
    return { code: 0, json: JSON.parse(r.stdout) as ScanJson, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, json: e.stdout ? (JSON.parse(e.stdout) as ScanJson) : undefined, stderr: e.stderr };
  }
}

const fixtures = readdirSync(FIXTURES).filter((n) => statSync(join(FIXTURES, n)).isDirectory()).sort();

describe("every fixture is classified", () => {
  it("has an expectation for each fixture folder, and no stale entries", () => {
    expect(fixtures.filter((f) => !(f in EXPECTATIONS))).toEqual([]);
    expect(Object.keys(EXPECTATIONS).filter((k) => !fixtures.includes(k))).toEqual([]);
  });
});

describe.skipIf(!BUILT)("static scan of all fixtures in one batch", () => {
  const batch = fixtures.filter((f) => EXPECTATIONS[f] && EXPECTATIONS[f].verdict !== "not-a-skill");
  let result: Awaited<ReturnType<typeof scan>>;

  it("runs one scan over every fixture and exits with the code the verdicts imply", async () => {
    result = await scan(batch);
    expect(result.json, result.stderr).toBeDefined();
    const decisions = batch.flatMap((f) => { const v = EXPECTATIONS[f]!.verdict; return v === "approved" || v === "review" || v === "rejected" ? [v] : []; });
    const inputErrors = batch.filter((f) => EXPECTATIONS[f]!.verdict === "input-error").length;
    expect(result.code).toBe(exitCodeForRun(decisions, inputErrors));
  }, 300_000);

  it.each(batch)("%s gets its expected verdict", (name) => {
    expect(result?.json, "the batch scan did not run").toBeDefined();
    const want = EXPECTATIONS[name]!;
    if (want.verdict === "input-error") {
      const err = result.json!.inputErrors.find((e) => e.path === name);
      expect(err, `${name} should be refused by the snapshot`).toBeDefined();
      expect(err!.code).toBe(want.code);
      return;
    }
    if (want.verdict === "not-a-skill") return;
    const skill = result.json!.skills.find((s) => s.path === name);
    expect(skill, `${name} missing from the report (input error? ${JSON.stringify(result.json!.inputErrors.find((e) => e.path === name))})`).toBeDefined();
    const why = `${name}: reasons ${JSON.stringify(skill!.reasons.map((r) => r.message))}; stages ${JSON.stringify(skill!.stages.filter((s) => s.status === "error").map((s) => `${s.stageId}: ${s.reason}`))}`;
    expect(skill!.verdict, why).toBe(want.verdict);
    const ruleIds = new Set(skill!.findings.map((f) => f.ruleId));
    for (const rule of want.rules ?? []) expect(ruleIds.has(rule), `${name} should report ${rule}; got ${[...ruleIds].join(", ")}`).toBe(true);
  });
});

describe.skipIf(!BUILT)("fixtures that are not skills", () => {
  const notSkills = fixtures.filter((f) => EXPECTATIONS[f]?.verdict === "not-a-skill");
  it.each(notSkills)("%s alone is a usage error (exit 2)", async (name) => {
    const r = await scan([name]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/neither a skill|not a folder|no such file/);
  }, 60_000);
});
