import { describe, expect, it } from "vitest";
import { FORMATS, renderReport, writerFor } from "../../src/report/index.js";
import { REDACTED } from "../../src/redact.js";
import { BASE_DIR, CANARY_KEY, CANARY_PASSWORD, sampleReport } from "./sample.js";

const opts = { baseDir: BASE_DIR, includeDurations: false, toolVersion: "0.0.0-test" };

describe("every format", () => {
  it.each(FORMATS)("%s never shows a secret unredacted", (format) => {
    const text = renderReport(sampleReport(), format, opts);
    expect(text).not.toContain(CANARY_KEY);
    expect(text).not.toContain(CANARY_PASSWORD);
    expect(text).toContain(REDACTED);
  });

  it.each(FORMATS)("%s lists the input error", (format) => {
    const text = renderReport(sampleReport(), format, opts);
    expect(text).toContain("SYMLINK");
    expect(text).toContain("skills/linked-skill");
  });

  it.each(FORMATS)("%s is byte-identical for the same input and says the analysis was incomplete", (format) => {
    const a = renderReport(sampleReport(), format, opts);
    expect(renderReport(sampleReport(), format, opts)).toBe(a);
    expect(a).toContain("analysis incomplete");
    expect(a).toContain("semgrep not found on PATH");
  });

  it("picks one writer per format", () => {
    expect(new Set(FORMATS.map((f) => writerFor(f))).size).toBe(3);
  });
});

describe("json", () => {
  const json = JSON.parse(renderReport(sampleReport(), "json", opts));

  it("has the documented shape, sorted by path, with relative paths", () => {
    expect(json.schemaVersion).toBe(1);
    expect(json.tool).toEqual({ name: "skillsign", version: "0.0.0-test" });
    expect(json.skills.map((s: { path: string; verdict: string }) => `${s.path}=${s.verdict}`)).toEqual([
      "skills/benign-formatter=approved",
      "skills/malicious-curl-pipe=rejected",
      "skills/needs-semgrep=review",
    ]);
    expect(json.summary).toEqual({ skills: 3, approved: 1, review: 1, rejected: 1, partial: 3, inputErrors: 1 });
    expect(json.scope.kind).toBe("partial");
    const skill = json.skills[1];
    expect(Object.keys(skill)).toEqual(["path", "name", "version", "verdict", "partial", "stagesNotRun", "reasons", "contentHash", "permissionsHash", "permissions", "stages", "findings"]);
    expect(skill.stages.find((x: { stageId: string }) => x.stageId === "semgrep")).toEqual({ stageId: "semgrep", stageVersion: "1", status: "findings", tool: { name: "semgrep", version: "1.99.0" }, findings: 1 });
    expect(skill.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(["patterns.curl-pipe-sh", "patterns.hidden-unicode", "semgrep.hardcoded-password", "snapshot.archive"]);
  });

  it("includes durations unless told not to", () => {
    expect(json.skills[0].stages[0].durationMs).toBeUndefined();
    const withDurations = JSON.parse(renderReport(sampleReport(), "json", { ...opts, includeDurations: true }));
    expect(withDurations.skills[0].stages[0].durationMs).toBe(10);
  });

  it("keeps secret-looking permission names (env var names are not secrets) but redacts values", () => {
    expect(json.skills[0].permissions.env).toEqual(["GITHUB_TOKEN"]);
  });
});

describe("human", () => {
  const text = renderReport(sampleReport(), "human", opts);

  it("shows verdict, incomplete reasons, findings by severity with file:line, evidence and fix", () => {
    expect(text).toMatch(/REJECTED \(partial: build, image-scan, behavior not run\) {2}malicious-curl-pipe@1\.0\.0 {2}skills\/malicious-curl-pipe/);
    expect(text).toMatch(/NEEDS REVIEW \(partial: semgrep, build, image-scan, behavior not run\) {2}needs-semgrep@1\.0\.0[\s\S]*Analysis incomplete:\n {4}- analysis incomplete: semgrep: semgrep not found on PATH/);
    expect(text.indexOf("CRITICAL (1)")).toBeLessThan(text.indexOf("MEDIUM (2)"));
    expect(text.indexOf("MEDIUM (2)")).toBeLessThan(text.indexOf("LOW (1)"));
    expect(text).toContain("patterns.curl-pipe-sh  SKILL.md:12");
    expect(text).toContain("fix: Ship the script inside the skill and run it from scripts/.");
    expect(text).toContain("checks: offline: ran; snyk: skipped: SNYK_TOKEN not set");
    expect(text).toMatch(/note: static scan only/);
    expect(text.trimEnd().split("\n").at(-1)).toBe("3 skills: 1 approved, 1 need review, 1 rejected (all partial: not every stage ran); 1 could not be read");
  });

  it("escapes terminal control characters from skill content", () => {
    expect(text).not.toContain("\u001b");
    expect(text).not.toContain("\u200b");
    expect(text).toContain("\\u001b[2J");
  });

  it("colours only when asked", () => {
    expect(renderReport(sampleReport(), "human", { ...opts, color: true })).toContain("\u001b[31m");
  });
});

describe("sarif", () => {
  const log = JSON.parse(renderReport(sampleReport(), "sarif", opts));
  const run = log.runs[0];

  it("describes each rule once with severity, help and cwe", () => {
    expect(log.version).toBe("2.1.0");
    expect(run.tool.driver).toMatchObject({ name: "skillsign", version: "0.0.0-test" });
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === "patterns.curl-pipe-sh");
    expect(rule).toMatchObject({
      // The sample's rule id is not in the pattern database: its text comes from the id, never from the finding.
      shortDescription: { text: "patterns: curl pipe sh" },
      help: { text: "Ship the script inside the skill and run it from scripts/." },
      properties: { "security-severity": "9.5", cwe: ["CWE-494"] },
    });
    expect(rule.properties.tags).toContain("external/cwe/cwe-494");
  });

  it("locates results of a relatively given skill by repository-relative path (what code scanning resolves)", () => {
    const r = run.results.find((x: { ruleId: string }) => x.ruleId === "semgrep.hardcoded-password");
    expect(r.level).toBe("warning");
    expect(r.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "skills/malicious-curl-pipe/scripts/login.py", uriBaseId: "%SRCROOT%" }, region: { startLine: 4 } });
    expect(run.originalUriBaseIds.SKILL2).toBeUndefined();
    expect(r.partialFingerprints["skillsign/v2"]).toMatch(/^[0-9a-f]{32}:1$/);
    const json = JSON.parse(renderReport(sampleReport(), "json", opts));
    const same = json.skills.flatMap((s: { findings: Array<{ ruleId: string; fingerprint: string }> }) => s.findings).find((f: { ruleId: string }) => f.ruleId === "semgrep.hardcoded-password");
    expect(same.fingerprint).toBe(r.partialFingerprints["skillsign/v2"]);
    expect(run.results.every((x: { locations: Array<{ physicalLocation: { region: { startLine: number } } }> }) => x.locations[0]!.physicalLocation.region.startLine >= 1)).toBe(true);
  });

  it("reports incomplete stages and input errors as tool execution notifications", () => {
    const notes = run.invocations[0].toolExecutionNotifications.map((n: { level: string; message: { text: string } }) => `${n.level}: ${n.message.text}`);
    expect(notes).toContain("error: needs-semgrep: stage semgrep error: semgrep not found on PATH (analysis incomplete)");
    expect(notes).toContain("note: benign-formatter: stage dependencies skipped: no dependency manifests");
    expect(notes.some((n: string) => n.startsWith("error: skills/linked-skill: [SYMLINK]"))).toBe(true);
    expect(run.invocations[0].executionSuccessful).toBe(false);
  });
});

describe("sarif rule descriptions", () => {
  it("come from the rule (pattern database, Semgrep rules, built-in table), not from a finding", () => {
    const r = sampleReport();
    const one = r.skills[0]!;
    const mk = (ruleId: string, message: string) => ({ ruleId, stage: ruleId.split(".")[0]!, severity: "high" as const, category: "x", message, file: "a.sh", line: 1 });
    const findings = [mk("patterns.upload-sensitive-file", "curl sent ~/.aws/credentials to 127.0.0.1"), mk("secrets.private-key", "deploy/id_rsa:1 contains a RSA PRIVATE KEY")];
    const rules = JSON.parse(renderReport({ skills: [{ analysis: { ...one.analysis, findings }, verdict: one.verdict }], inputErrors: [] }, "sarif", opts)).runs[0].tool.driver.rules;
    expect(rules.map((x: { shortDescription: { text: string } }) => x.shortDescription.text)).toEqual([
      "A command uploads a credentials file, key or environment dump to a remote host.",
      "A private key (PEM or PGP block with key material) is shipped in the skill.",
    ]);
    expect(rules[0].help.text).toBe("Remove the upload; a skill must not send local secrets anywhere.");
  });
});

describe("sarif edge cases", () => {
  const bare = (): ReturnType<typeof sampleReport> => {
    const r = sampleReport();
    const one = r.skills[0]!;
    const findings = [{ ruleId: "manifest.no-frontmatter", stage: "manifest", severity: "info" as const, category: "format", message: "No frontmatter" }];
    return { skills: [{ analysis: { ...one.analysis, name: "", findings }, verdict: one.verdict }], inputErrors: [] };
  };

  it("points file-less findings at SKILL.md line 1 and names unnamed skills by path", () => {
    const run = JSON.parse(renderReport(bare(), "sarif", opts)).runs[0];
    expect(run.results[0].level).toBe("note");
    expect(run.results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "skills/malicious-curl-pipe/SKILL.md", uriBaseId: "%SRCROOT%" }, region: { startLine: 1 } });
    expect(run.results[0].message.text).toContain("(skill skills/malicious-curl-pipe: REJECTED (partial: build, image-scan, behavior not run))");
    // Described by the rule, not by the finding ("No frontmatter"): an id with no catalogue text reads as its words.
    expect(run.tool.driver.rules[0].shortDescription.text).toBe("manifest: no frontmatter");
    expect(run.tool.driver.rules[0].help).toBeUndefined();
    expect(run.invocations[0].executionSuccessful).toBe(true);
    expect(run.properties.policyDigest).toBeUndefined();
  });

  it("uses a file URI base for skills outside the base folder and plain relative paths for the base itself", () => {
    const outside = JSON.parse(renderReport(bare(), "sarif", { ...opts, baseDir: "/elsewhere" })).runs[0];
    expect(outside.originalUriBaseIds.SKILL1).toEqual({ uri: `file://${BASE_DIR}/skills/malicious-curl-pipe/`, description: { text: `skill ${BASE_DIR}/skills/malicious-curl-pipe` } });
    expect(outside.results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "SKILL.md", uriBaseId: "SKILL1" });
    const itself = JSON.parse(renderReport(bare(), "sarif", { ...opts, baseDir: `${BASE_DIR}/skills/malicious-curl-pipe` })).runs[0];
    expect(itself.originalUriBaseIds.SKILL1).toBeUndefined();
    expect(itself.results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "SKILL.md", uriBaseId: "%SRCROOT%" });
  });

  it("numbers repeated identical findings so fingerprints stay unique", () => {
    const r = bare();
    const f = r.skills[0]!.analysis.findings[0]!;
    r.skills[0]!.analysis.findings = [f, { ...f }];
    const fps = JSON.parse(renderReport(r, "sarif", opts)).runs[0].results.map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints["skillsign/v2"]);
    expect(fps[0]!.replace(/:1$/, ":2")).toBe(fps[1]);
  });
});

describe("waived findings in SARIF", () => {
  it("carry an accepted external suppression with the waiver as justification", () => {
    const r = sampleReport();
    const rejected = r.skills.find((s) => s.verdict.decision === "rejected")!;
    rejected.verdict = { ...rejected.verdict, reasons: [{ kind: "waived", ruleId: "patterns.curl-pipe-sh", stage: "patterns", message: "waived by alice until 2099-01-01: vendored" }] };
    const results = JSON.parse(renderReport(r, "sarif", opts)).runs[0].results;
    const waived = results.find((x: { ruleId: string }) => x.ruleId === "patterns.curl-pipe-sh");
    expect(waived.suppressions).toEqual([{ kind: "external", status: "accepted", justification: "waived by alice until 2099-01-01: vendored" }]);
    expect(results.find((x: { ruleId: string }) => x.ruleId === "semgrep.hardcoded-password").suppressions).toBeUndefined();
  });
});

describe("known rule ids (review waive refuses the others)", () => {
  it("knows catalogued, code-built and Trivy rule ids, not typos", async () => {
    const { isKnownRule } = await import("../../src/report/rule-catalog.js");
    for (const id of ["patterns.upload-sensitive-file", "semgrep.python-upload-local-file", "secrets.private-key", "manifest.inferred-network", "behavior.detached-process", "dependencies.typosquat", "image-scan.secret.aws-access-key-id"]) expect(isKnownRule(id), id).toBe(true);
    for (const id of ["patterns.upload-sensitive-fil", "secrets.privatekey", "behavior.canary", "image-scan.oops"]) expect(isKnownRule(id), id).toBe(false);
  });
});
