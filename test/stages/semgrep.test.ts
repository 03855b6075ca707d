import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StageOutcome } from "../../src/findings.types.js";
import { runSemgrepBatch, semgrepStage } from "../../src/stages/semgrep/index.js";
import type { StageContext } from "../../src/stages/stage.types.js";
import { brokenSemgrep, countingSemgrep, SEMGREP_PATH, SKIP_SEMGREP, toolEnv } from "../rules/semgrep-tool.js";
import { fixture, makeContext } from "../helpers/stage-context.js";

const home = mkdtempSync(join(tmpdir(), "skillsign-semgrep-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const ruleIds = (o: StageOutcome) => [...new Set(o.findings.map((f) => f.ruleId))].sort();
const freshHome = () => mkdtempSync(join(home, "run-"));

interface Case {
  fixture: string;
  want: string[];
  file?: string;
}

const cases: Case[] = [
  { fixture: "semgrep-shell-true-py", want: ["semgrep.python-subprocess-shell-true"], file: "scripts/convert.py" },
  { fixture: "semgrep-ssh-key-read-js", want: ["semgrep.js-read-credential-files"], file: "scripts/check.js" },
  { fixture: "semgrep-tls-off-sh", want: ["semgrep.bash-tls-verification-disabled"], file: "scripts/fetch.sh" },
  { fixture: "semgrep-clean-py", want: [] },
  // The skill's own .semgrepignore and semgrep's default ignores (tests/, node_modules/) must not hide code.
  { fixture: "semgrep-hidden-from-scan", want: ["semgrep.js-send-process-env", "semgrep.python-eval-exec-dynamic", "semgrep.python-exec-downloaded-code"] },
];

describe.skipIf(SKIP_SEMGREP)("semgrep stage with real semgrep", () => {
  // One real semgrep run for the whole file (semgrep is slow to start); each test reads it.
  let batch: { outcomes: StageOutcome[]; ctxs: StageContext[]; callsLog: string } | undefined;
  beforeAll(async () => {
    expect(SEMGREP_PATH, "semgrep is not installed: run scripts/setup").toBeDefined();
    const shim = countingSemgrep(SEMGREP_PATH!);
    const processEnv = toolEnv({ SKILLSIGN_TOOLS: shim.toolsDir });
    const runHome = freshHome();
    const ctxs = await Promise.all(cases.map((c) => makeContext(fixture(c.fixture), { home: runHome, processEnv })));
    batch = { outcomes: await semgrepStage.runBatch!(ctxs), ctxs, callsLog: shim.callsLog };
  }, 300_000);
  const outcomeOf = (name: string) => batch!.outcomes[cases.findIndex((c) => c.fixture === name)]!;
  const scanCalls = () => readFileSync(batch!.callsLog, "utf8").trim().split("\n").length;

  it("scans a batch of skills with ONE semgrep process and maps each result to its own skill", () => {
    expect(scanCalls()).toBe(1);
    cases.forEach((c, i) => {
      const o = batch!.outcomes[i]!;
      expect(o.status, `${c.fixture}: ${o.reason}`).toBe(c.want.length > 0 ? "findings" : "passed");
      expect(ruleIds(o), c.fixture).toEqual(c.want);
      expect(o.tool?.name).toBe("semgrep");
      expect(o.tool?.version).toMatch(/^\d+\.\d+\.\d+/);
      if (c.file) expect(o.findings.every((f) => f.file === c.file), c.fixture).toBe(true);
    });
  });

  it("serves unchanged skills from the cache without another semgrep process", async () => {
    const again = await semgrepStage.runBatch!(batch!.ctxs);
    expect(scanCalls()).toBe(1);
    expect(again.map(ruleIds)).toEqual(batch!.outcomes.map(ruleIds));
    expect(again.every((o) => o.data?.cached === true)).toBe(true);
  });

  it("splits long batches into chunks, one semgrep process per chunk", async () => {
    const shim = countingSemgrep(SEMGREP_PATH!);
    const processEnv = toolEnv({ SKILLSIGN_TOOLS: shim.toolsDir });
    const runHome = freshHome();
    const names = ["semgrep-shell-true-py", "semgrep-ssh-key-read-js", "semgrep-tls-off-sh"];
    const ctxs = await Promise.all(names.map((n) => makeContext(fixture(n), { home: runHome, processEnv })));
    const outcomes = await runSemgrepBatch(ctxs, { chunkSize: 2 });
    const calls = readFileSync(shim.callsLog, "utf8").trim().split("\n");
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.split(" ").filter((a) => a.startsWith(runHome)).length)).toEqual([2, 1]);
    expect(outcomes.map(ruleIds)).toEqual(names.map((n) => cases.find((c) => c.fixture === n)!.want));
  }, 300_000);

  it("reports file, line, redacted evidence, severity, cwe, confidence and fix", () => {
    const f = outcomeOf("semgrep-shell-true-py").findings[0]!;
    expect(f).toMatchObject({
      ruleId: "semgrep.python-subprocess-shell-true",
      stage: "semgrep",
      severity: "high",
      category: "command-injection",
      confidence: "medium",
      cwe: ["CWE-78"],
      file: "scripts/convert.py",
      line: 7,
    });
    expect(f.evidence).toContain('subprocess.run("convert " + path');
    expect(f.fix).toMatch(/list of arguments/);
    expect(f.message).not.toMatch(/Fix:/);
  });

  it("uses the rule's skillsign-severity override (the environment sent to the network is critical)", () => {
    const env = outcomeOf("semgrep-hidden-from-scan").findings.find((f) => f.ruleId === "semgrep.js-send-process-env");
    expect(env).toMatchObject({ severity: "critical", confidence: "high", file: "node_modules/fmt/index.js", line: 2 });
  });

  it("lowers findings in test folders to medium/low confidence instead of dropping them", () => {
    const exec = outcomeOf("semgrep-hidden-from-scan").findings.find((f) => f.ruleId === "semgrep.python-exec-downloaded-code");
    expect(exec).toMatchObject({ severity: "medium", confidence: "low", file: "tests/helper.py", line: 4 });
    expect(exec!.message).toMatch(/\[lowered: in a test file \(tests\/helper\.py\)\]$/);
  });
});

describe("semgrep stage without a working semgrep", () => {
  it("skips skills that have no code files", async () => {
    const ctx = await makeContext(fixture("semgrep-prose-only"), { home: freshHome() });
    expect(semgrepStage.appliesTo(ctx)).toEqual({ applies: false, reason: "no code files" });
    const code = await makeContext(fixture("semgrep-tls-off-sh"), { home: freshHome() });
    expect(semgrepStage.appliesTo(code)).toEqual({ applies: true });
  });

  it("gives every skill in the batch status error when semgrep is missing, never passed", async () => {
    const empty = mkdtempSync(join(home, "no-tools-"));
    const processEnv = { PATH: empty, SKILLSIGN_TOOLS: empty };
    const ctxs = await Promise.all(
      ["semgrep-shell-true-py", "semgrep-clean-py"].map((n) => makeContext(fixture(n), { home: freshHome(), processEnv })),
    );
    const outcomes = await semgrepStage.runBatch!(ctxs);
    expect(outcomes).toHaveLength(2);
    for (const o of outcomes) {
      expect(o.status).toBe("error");
      expect(o.reason).toMatch(/semgrep not found/);
      expect(o.findings).toEqual([]);
    }
  });

  it("gives status error with the reason when semgrep fails", async () => {
    const processEnv = { PATH: "/usr/bin:/bin", SKILLSIGN_TOOLS: brokenSemgrep() };
    const ctx = await makeContext(fixture("semgrep-clean-py"), { home: freshHome(), processEnv });
    const [o] = await semgrepStage.runBatch!([ctx]);
    expect(o!.status).toBe("error");
    expect(o!.reason).toMatch(/semgrep failed \(exit 2\).*crashed/);
    expect(o!.tool).toEqual({ name: "semgrep", version: "1.150.0" });
  });
});
