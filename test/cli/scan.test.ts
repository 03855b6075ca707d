import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
// A private copy of dist/, so another engineer rebuilding dist/ mid-run cannot break the spawned CLI.
import { frozenCli } from "../../bench/concurrency/frozen-build.mjs";
import { exitCodeForRun, parseFormat, parseStageIds } from "../../src/cli/options.js";
import { runScan, STATIC_STAGES } from "../../src/cli/scan-run.js";
import { UsageError } from "../../src/errors.js";

const BUILT = existsSync(resolve("dist/bin/skillsign.js"));
const ZIP_HEAD = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]);
const ALL_PASS = "{ high: pass, medium: pass, low: pass }";

function policy(dir: string, { required = "[]", rules = "{}" } = {}): string {
  const file = join(dir, `policy-${Math.random().toString(36).slice(2)}.yaml`);
  const rows = ["critical", "high", "medium", "low", "info"].map((s) => `  ${s}: ${ALL_PASS}`).join("\n");
  writeFileSync(file, `schemaVersion: 1\nrequired: ${required}\nfindings:\n${rows}\nrules: ${rules}\n`);
  return file;
}

function skill(root: string, name: string, extra: Record<string, string | Buffer> = {}): string {
  const dir = join(root, "skills", name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "SKILL.md"), `---\nname: ${name}\ndescription: Formats text files for the user.\n---\n# ${name}\nFormats text.\n`);
  for (const [file, content] of Object.entries(extra)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  return dir;
}

function workspace(): { root: string; home: string } {
  const root = mkdtempSync(join(tmpdir(), "skillsign-scan-"));
  return { root, home: join(root, "home") };
}

const run = promisify(execFile);
async function cli(args: string[], home: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [frozenCli(), ...args], { env: { ...process.env, SKILLSIGN_HOME: home, NO_COLOR: "1" } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("runScan verdicts and exit codes", () => {
  it("exits 0 when approved, 20 when a finding rejects, 10 when a required stage was skipped", async () => {
    const { root, home } = workspace();
    skill(root, "plain-skill");
    skill(root, "zipped-skill", { "assets/data.zip": ZIP_HEAD });
    const base = { format: "json" as const, home, only: ["manifest" as const] };
    const approved = await runScan({ ...base, paths: [join(root, "skills", "plain-skill")], policyPath: policy(root) });
    expect([approved.exitCode, approved.decisions]).toEqual([0, ["approved"]]);

    const rejected = await runScan({ ...base, paths: [join(root, "skills")], policyPath: policy(root, { rules: "{ snapshot.archive: reject }" }) });
    expect(rejected.exitCode).toBe(20);
    const json = JSON.parse(rejected.text);
    expect(json.skills.map((s: { name: string; verdict: string }) => `${s.name}=${s.verdict}`)).toEqual(["plain-skill=approved", "zipped-skill=rejected"]);

    const review = await runScan({ ...base, paths: [join(root, "skills", "plain-skill")], skip: ["manifest"], policyPath: policy(root, { required: "[manifest]" }) });
    expect(review.exitCode).toBe(10);
    expect(JSON.parse(review.text).skills[0].reasons).toEqual([{ kind: "incomplete", stage: "manifest", message: "analysis incomplete: manifest: skipped by --skip" }]);
  });

  it("does not require stages it did not select, and says so", async () => {
    const { root, home } = workspace();
    skill(root, "plain-skill");
    const r = await runScan({ format: "json", home, paths: [join(root, "skills")], only: ["manifest"], policyPath: policy(root, { required: "[manifest, build, behavior]" }) });
    const json = JSON.parse(r.text);
    const build = json.skills[0].stages.find((s: { stageId: string }) => s.stageId === "build");
    expect(build).toMatchObject({ status: "skipped", skipKind: "not-selected", reason: "not selected: use `skillsign submit` or `--sandbox`" });
    expect(json.scope).toMatchObject({ kind: "partial", notRun: ["patterns", "secrets", "semgrep", "dependencies", "build", "image-scan", "behavior"] });
    expect(json.skills[0].reasons.map((x: { stage: string }) => x.stage)).not.toContain("build");
  });

  it("selects only the static stages by default", async () => {
    expect(STATIC_STAGES).toEqual(["manifest", "patterns", "secrets", "semgrep", "dependencies"]);
    const { root, home } = workspace();
    skill(root, "plain-skill");
    const r = await runScan({ format: "json", home, paths: [join(root, "skills")], skip: ["semgrep", "patterns", "dependencies"], policyPath: policy(root) });
    const json = JSON.parse(r.text);
    expect(json.scope.note).toMatch(/^static scan only; sandbox stages not run \(build, image-scan, behavior\)/);
    expect(json.skills[0].stages.filter((s: { skipKind?: string }) => s.skipKind === "not-selected").map((s: { stageId: string }) => s.stageId)).toEqual(["build", "image-scan", "behavior"]);
  });

  it("reports a hostile skill as an input error, still scans the others, and exits at least 2", async () => {
    const { root, home } = workspace();
    skill(root, "plain-skill");
    skill(root, "linked-skill");
    symlinkSync("/etc/hostname", join(root, "skills", "linked-skill", "notes.md"));
    for (const format of ["json", "human", "sarif"] as const) {
      const r = await runScan({ format, home, paths: [join(root, "skills")], only: ["manifest"], policyPath: policy(root) });
      expect(r.exitCode).toBe(2);
      expect(r.decisions).toEqual(["approved"]);
      expect(r.text).toContain("symbolic links are not allowed: notes.md");
    }
  });

  it("fails on a bad policy before scanning", async () => {
    const { root, home } = workspace();
    skill(root, "plain-skill");
    writeFileSync(join(root, "bad.yaml"), "schemaVersion: 1\nrequired: [nonsense]\n");
    await expect(runScan({ format: "json", home, paths: [join(root, "skills")], policyPath: join(root, "bad.yaml") })).rejects.toThrow(/invalid policy: required\.0/);
  });
});

describe("option helpers", () => {
  it("validates stage ids and formats", () => {
    expect(parseStageIds(["semgrep", "build", "semgrep"], "--skip")).toEqual(["semgrep", "build"]);
    expect(parseStageIds(undefined, "--skip")).toBeUndefined();
    expect(() => parseStageIds(["sandbox"], "--skip")).toThrow(UsageError);
    expect(parseFormat(undefined)).toBe("human");
    expect(parseFormat("sarif")).toBe("sarif");
    expect(parseFormat(undefined, true)).toBe("json");
    expect(() => parseFormat("xml")).toThrow(/unknown format "xml"/);
    expect(() => parseFormat("sarif", true)).toThrow(/--json conflicts/);
  });

  it.each([
    [["approved", "approved"], 0, 0],
    [["approved", "review"], 0, 10],
    [["review", "rejected"], 0, 20],
    [["approved"], 1, 2],
    [[], 2, 2],
    [["review"], 1, 10],
    [["rejected"], 1, 20],
  ] as const)("exit code of %j with %i input errors is %i", (decisions, inputErrors, want) => {
    expect(exitCodeForRun(decisions, inputErrors)).toBe(want);
  });
});

describe.skipIf(!BUILT)("skillsign scan (built CLI)", () => {
  it("writes SARIF to --output and sets the exit code", async () => {
    const { root, home } = workspace();
    skill(root, "zipped-skill", { "data.zip": ZIP_HEAD });
    const out = join(root, "out.sarif");
    const r = await cli(["scan", join(root, "skills"), "--only", "manifest", "--format", "sarif", "--output", out, "--policy", policy(root, { rules: "{ snapshot.archive: reject }" })], home);
    expect(r.code).toBe(20);
    expect(r.stdout).toBe("");
    const log = JSON.parse(readFileSync(out, "utf8"));
    expect(log.runs[0].results[0]).toMatchObject({ ruleId: "snapshot.archive", locations: [{ physicalLocation: { artifactLocation: { uri: "data.zip" } } }] });
  }, 60_000);

  it.each([
    [["scan", "/nonexistent/skills"], /FILE_NOT_FOUND/],
    [["scan", ".", "--skip", "sandbox"], /unknown stage "sandbox"/],
    [["scan", ".", "--format", "xml"], /unknown format/],
    [["scan", ".", "--policy", "/nonexistent/policy.yaml"], /CONFIG_ERROR.*cannot read policy file/],
  ])("exits 2 with a specific message for %j", async (args, message) => {
    const r = await cli(args, workspace().home);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 60_000);

  it("prints a human report without colour or progress when not on a TTY", async () => {
    const { root, home } = workspace();
    skill(root, "plain-skill");
    const r = await cli(["scan", join(root, "skills", "plain-skill"), "--only", "manifest", "--policy", policy(root)], home);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^note: partial scan/);
    expect(r.stdout).toContain("APPROVED (partial: patterns, secrets, semgrep, dependencies, build, image-scan, behavior not run)  plain-skill");
    expect(r.stdout).not.toContain("\u001b[");
    expect(r.stderr).toBe("");
  }, 60_000);
});
