import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import type { StageOutcome, StageResult } from "../../src/findings.types.js";
import { severityRank } from "../../src/findings.js";
import { behaviorStage } from "../../src/stages/behavior/index.js";
import { dependenciesStage } from "../../src/stages/dependencies/index.js";
import { containerLogFiles, DEFAULT_TRACE_DIR } from "../../src/stages/behavior/trace-log.js";
import { manifestStage } from "../../src/stages/manifest/index.js";
import { patternsStage } from "../../src/stages/patterns/index.js";
import { semgrepStage } from "../../src/stages/semgrep/index.js";
import type { StageId } from "../../src/stage-ids.js";
import { fixture, makeContext } from "../helpers/stage-context.js";
import { containersWithLabel, netnsList, SKIP_SANDBOX } from "../sandbox/engine.js";

/** Only what the stage needs from the outside; never the developer's whole environment. */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const pass = ["DOCKER_HOST", "SKILLSIGN_BEHAVIOR_IMAGE", "PATH"] as const;
  return { ...Object.fromEntries(pass.filter((k) => process.env[k]).map((k) => [k, process.env[k]])), ...extra };
}

async function runFixture(name: string, extra: NodeJS.ProcessEnv = {}, results?: Map<StageId, StageResult>): Promise<StageOutcome> {
  const ctx = await makeContext(fixture(name), { processEnv: env(extra), stageTimeoutMs: 120_000, results });
  return behaviorStage.run(ctx);
}

const ids = (o: StageOutcome) => [...new Set(o.findings.map((f) => f.ruleId))].sort();
// Scoped to this run's id, so behaviour runs of other suites in parallel cannot make this flaky.
const leftoverWorkspaces = (runId: string) => readdirSync(tmpdir()).filter((n) => n.startsWith("skillsign-behavior-") && n.includes(`-${runId}-`));
const containerIds = (o: StageOutcome) => ((o.data?.commands ?? []) as Array<{ containerId: string }>).map((c) => c.containerId);

describe("behavior: which skills run", () => {
  it("skips skills with nothing to execute", async () => {
    const ctx = await makeContext(fixture("benign-prose-only"));
    expect(behaviorStage.appliesTo(ctx)).toEqual({ applies: false, reason: "not high-risk" });
  });

  it("runs skills that ship code, and says why", async () => {
    const a = behaviorStage.appliesTo(await makeContext(fixture("behavior-benign-script")));
    expect(a.applies).toBe(true);
    expect(a.reason).toContain("scripts/wordcount.py");
  });

  it("runs skills the manifest stage called high-risk, or that earlier stages flagged", async () => {
    const base = { stageVersion: "1", durationMs: 0, status: "findings" as const };
    const manifest = new Map<StageId, StageResult>([["manifest", { ...base, stageId: "manifest", findings: [], data: { highRisk: true, highRiskReasons: ["declares network access: x"], uses: { network: true, exec: false, env: false, write: false }, sites: [] } }]]);
    expect(behaviorStage.appliesTo(await makeContext(fixture("benign-prose-only"), { results: manifest }))).toMatchObject({ applies: true });
    const flagged = new Map<StageId, StageResult>([
      ["patterns", { ...base, stageId: "patterns", findings: [{ ruleId: "patterns.x", stage: "patterns", severity: "medium", category: "c", message: "m" }] }],
    ]);
    expect(behaviorStage.appliesTo(await makeContext(fixture("benign-prose-only"), { results: flagged }))).toMatchObject({ applies: true });
  });
});

describe("behavior: the stealth dropper slips past the static stages", () => {
  // behavior-base64-dropper is caught statically now (patterns.dynamic-import-evasion); this fixture is
  // the one that must need the sandbox: an XOR-packed numeric "hook table" fed to a declared `sh`.
  it("gets nothing of medium or above from manifest, patterns, semgrep (when installed) and dependencies", async () => {
    const ctx = await makeContext(fixture("behavior-stealth-dropper"));
    const ran: string[] = [];
    for (const stage of [manifestStage, patternsStage, semgrepStage, dependenciesStage]) {
      if (!stage.appliesTo(ctx).applies) continue;
      const out = stage.runBatch ? (await stage.runBatch([ctx]))[0]! : await stage.run(ctx);
      if (stage.id === "semgrep" && out.status === "error") continue; // semgrep not installed here
      expect(out.status, `${stage.id}: ${out.reason ?? ""}`).not.toBe("error");
      ran.push(stage.id);
      const caught = out.findings.filter((f) => severityRank(f.severity) >= severityRank("medium")).map((f) => `${f.ruleId} (${f.severity})`);
      expect(caught, `static detection improved: ${stage.id} now catches behavior-stealth-dropper. Keep the rule, and write a stealthier fixture so the behaviour stage still has a case only it can catch`).toEqual([]);
    }
    expect(ran).toEqual(expect.arrayContaining(["manifest", "patterns"]));
  });
});

describe.skipIf(SKIP_SANDBOX)("behavior: monitored gVisor runs (real engine)", () => {
  const cases: Array<{ name: string; want: string[]; env?: NodeJS.ProcessEnv; message?: RegExp }> = [
    { name: "behavior-aws-exfil", want: ["behavior.canary-exfil", "behavior.canary-read", "behavior.network-attempt", "behavior.undeclared-exec"], message: /collector\.exfil\.invalid[\s\S]*127\.0\.0\.1:9/ }, // the sinkhole names the host; the refused port stays visible
    { name: "behavior-base64-dropper", want: ["behavior.canary-exfil", "behavior.canary-read", "behavior.undeclared-exec"] },
    { name: "behavior-stealth-dropper", want: ["behavior.canary-exfil", "behavior.canary-read"] },
    { name: "behavior-bashrc-persistence", want: ["behavior.persistence"], message: /~\/\.bashrc/ },
    { name: "behavior-fork-bomb", want: ["behavior.resource-limit"], message: /process limit/ },
    { name: "behavior-memory-hog", want: ["behavior.resource-limit"], message: /memory limit/ },
    { name: "behavior-disk-filler", want: ["behavior.resource-limit"], message: /disk watchdog/ },
    { name: "behavior-hanging-script", want: ["behavior.resource-limit"], env: { SKILLSIGN_BEHAVIOR_COMMAND_TIMEOUT_MS: "3000" }, message: /did not finish within 3 s/ },
    { name: "behavior-benign-script", want: [] },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.want.join(", ") || "no findings"}, and nothing is left behind`, async () => {
      const netnsBefore = netnsList();
      const started = Date.now();
      const out = await runFixture(c.name, c.env);
      expect(out.status, out.reason).toBe(c.want.length ? "findings" : "passed");
      expect(ids(out)).toEqual(c.want);
      if (c.message) expect(out.findings.map((f) => f.message).join("\n")).toMatch(c.message);
      expect(Date.now() - started).toBeLessThan(60_000);
      // cleanup: containers, workspaces, runsc logs, network namespaces
      const runId = out.data?.runId as string;
      expect(runId).toMatch(/^[0-9a-f]{16}$/);
      expect(containersWithLabel(`org.skillsign.run=${runId}`)).toEqual([]);
      expect(leftoverWorkspaces(runId)).toEqual([]);
      expect(containerIds(out).length).toBeGreaterThan(0);
      for (const id of containerIds(out)) expect(await containerLogFiles(DEFAULT_TRACE_DIR, id)).toEqual([]);
      expect(netnsList()).toBe(netnsBefore);
      // evidence never shows a planted value
      expect(JSON.stringify(out)).not.toMatch(/SKILLSIGN_CANARY_[A-Z0-9]|AKIA[A-Z2-7]{16}|ghp_SKILLSIGN/);
    });
  }

  it("records every command it ran and what it skipped", async () => {
    const out = await runFixture("behavior-aws-exfil", { SKILLSIGN_BEHAVIOR_MAX_COMMANDS: "1" });
    const commands = out.data?.commands as Array<{ source: string; command: string; outcome: string }>;
    expect(commands.map((c) => c.command)).toEqual(["python3 scripts/sync.py"]);
    expect(commands.every((c) => c.outcome === "exit 0")).toBe(true);
    // sync.py reads no arguments (no --help run); what the cap left out is marked incomplete (the verdict fails closed).
    expect(out.data?.notRun).toEqual([expect.objectContaining({ command: "python3 scripts/sync.py --profile example", reason: "over the cap of 1 commands per skill", incomplete: true })]);
    expect(out.tool?.name).toBe("runsc");
  });

  it("fails closed when the runtime is not the monitored one", async () => {
    const out = await runFixture("behavior-benign-script", { SKILLSIGN_BEHAVIOR_RUNTIME: "runsc" });
    expect(out.status).toBe("error");
    expect(out.reason).toMatch(/not a monitored runsc runtime/);
  });

  it("fails closed when the runtime or the image is missing", async () => {
    expect(await runFixture("behavior-benign-script", { SKILLSIGN_BEHAVIOR_RUNTIME: "runsc-nope" })).toMatchObject({ status: "error", reason: expect.stringMatching(/^RUNTIME_MISSING/) });
    expect(await runFixture("behavior-benign-script", { SKILLSIGN_BEHAVIOR_IMAGE: "skillsign/nope:none" })).toMatchObject({ status: "error", reason: expect.stringMatching(/^IMAGE_MISSING/) });
  });
});

describe("behavior without an engine", () => {
  it("reports status error with the reason, never passed", async () => {
    const out = await runFixture("behavior-benign-script", { DOCKER_HOST: "unix:///nonexistent/docker.sock" });
    expect(out.status).toBe("error");
    expect(out.reason).toMatch(/^ENGINE_UNREACHABLE: Docker engine is not reachable/);
    expect(out.findings).toEqual([]);
  });
});
