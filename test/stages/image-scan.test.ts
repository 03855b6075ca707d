import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { StageOutcome, StageResult } from "../../src/findings.types.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { REDACTED, renderReport } from "../../src/report/index.js";
import { runBuildStage } from "../../src/stages/image-build/index.js";
import type { StageId } from "../../src/stage-ids.js";
import { imageScanStage, NO_VULN_DB } from "../../src/stages/image-scan/index.js";
import { mapTrivyReport } from "../../src/stages/image-scan/map-results.js";
import { maskedPieces, secretEvidence } from "../../src/stages/image-scan/mask.js";
import { EMPTY_VULN_DB } from "../../src/stages/image-scan/empty-db.js";
import { trivyArgs } from "../../src/stages/image-scan/trivy.js";
import { vulnDb } from "../../src/stages/image-scan/vuln-db.js";
import { loadPolicy, route } from "../../src/verdict/index.js";
import { fixture, makeContext, ownCopy } from "../helpers/stage-context.js";
import { SKIP_SANDBOX } from "../sandbox/engine.js";

const TRIVY_UP = spawnSync("trivy", ["--version"], { stdio: "ignore" }).status === 0 || !!process.env.SKILLSIGN_REQUIRE_SANDBOX;

// Trivy's layer cache is keyed by layer digest: sharing it keeps the base image from being re-analysed per test.
const TRIVY_CACHE = join(tmpdir(), "skillsign-test-trivy-cache");

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  extra = { SKILLSIGN_TRIVY_CACHE_DIR: TRIVY_CACHE, ...extra };
  const pass = ["DOCKER_HOST", "SKILLSIGN_BASE_IMAGE", "SKILLSIGN_TOOLS", "PATH", "HOME"] as const;
  return { ...Object.fromEntries(pass.filter((k) => process.env[k]).map((k) => [k, process.env[k]])), ...extra };
}

/** The canary secrets baked into test/fixtures/skills/secret-baked-credentials (must never be shown). */
function canaries(): string[] {
  const dir = fixture("secret-baked-credentials");
  const ini = readFileSync(join(dir, "config/aws.ini"), "utf8");
  const pem = readFileSync(join(dir, "config/deploy_key.pem"), "utf8").split("\n");
  return [/aws_access_key_id = (\S+)/.exec(ini)![1]!, /aws_secret_access_key = (\S+)/.exec(ini)![1]!, pem[1]!, pem[3]!];
}

async function scan(name: string, opts: { results?: Map<StageId, StageResult>; home?: string; extra?: NodeJS.ProcessEnv } = {}): Promise<StageOutcome> {
  const ctx = await makeContext(fixture(name), { processEnv: env(opts.extra), stageTimeoutMs: 180_000, results: opts.results, home: opts.home });
  return imageScanStage.run(ctx);
}

const ids = (o: StageOutcome) => o.findings.map((f) => f.ruleId).sort();

describe("image-scan: secret masking", () => {
  it("finds the pieces Trivy masked and strips them even if they reappear", () => {
    const line = "x = abcdEFGHijklMNOP and again abcdEFGHijklMNOP";
    const partlyMasked = "x = **************** and again abcdEFGHijklMNOP";
    expect(maskedPieces(partlyMasked, line)).toEqual(["abcdEFGHijklMNOP"]);
    expect(secretEvidence(partlyMasked, line)).toBe(`x = **************** and again ${REDACTED}`);
  });

  it("withholds a match that Trivy did not mask", () => {
    expect(secretEvidence("token = abcdEFGHijklMNOP", "token = abcdEFGHijklMNOP")).toBe(REDACTED);
    expect(secretEvidence("something = abcdEFGHijklMNOP", undefined)).toBe(REDACTED);
  });

  it("maps image paths under /skill to skill files and counts base-image results as outside", async () => {
    const ctx = await makeContext(fixture("secret-baked-credentials"));
    const mapped = mapTrivyReport(
      {
        Results: [
          { Target: "/skill/config/aws.ini", Class: "secret", Secrets: [{ RuleID: "aws-access-key-id", Severity: "CRITICAL", StartLine: 2, Match: "aws_access_key_id = ********************" }] },
          { Target: "skill/Dockerfile", Class: "config", Misconfigurations: [{ ID: "DS-0002", Severity: "HIGH", Status: "FAIL", Title: "Image user should not be root" }, { ID: "DS-0001", Status: "PASS" }] },
          { Target: "/etc/ssl/private/base.pem", Class: "secret", Secrets: [{ RuleID: "private-key", Severity: "HIGH", StartLine: 1, Match: "****" }] },
          { Target: "skillsign/base (debian 12)", Class: "os-pkgs", Vulnerabilities: [{ VulnerabilityID: "CVE-1", Severity: "HIGH" }] },
        ],
      },
      "image",
      ctx.snapshot,
    );
    expect(mapped.outsideSkill).toBe(2);
    expect(mapped.findings).toEqual([
      expect.objectContaining({ ruleId: "image-scan.secret.aws-access-key-id", severity: "critical", file: "config/aws.ini", line: 2 }),
      expect.objectContaining({ ruleId: "image-scan.misconfig.DS-0002", severity: "high", file: "Dockerfile" }),
    ]);
  });
});

describe("image-scan: which scanners run", () => {
  const base = { cacheDir: "/c", timeoutMs: 60_000, target: { kind: "fs" as const, dir: "/s" } };

  it("runs vulnerabilities only when a Trivy DB already sits in the cache dir", () => {
    const dir = mkdtempSync(join(tmpdir(), "skillsign-trivy-db-"));
    expect(vulnDb(dir)).toEqual({ present: false });
    mkdirSync(join(dir, "db"));
    writeFileSync(join(dir, "db", "trivy.db"), "");
    writeFileSync(join(dir, "db", "metadata.json"), JSON.stringify({ UpdatedAt: "2026-11-01T00:00:00Z" }));
    expect(vulnDb(dir)).toEqual({ present: true, updatedAt: "2026-11-01T00:00:00Z" });
  });

  it("always passes the offline flags, and never asks for vuln without a DB", () => {
    const without = trivyArgs({ ...base, vuln: false }, "/o.json");
    const withDb = trivyArgs({ ...base, vuln: true }, "/o.json");
    for (const flag of ["--skip-db-update", "--skip-check-update", "--offline-scan", "--disable-telemetry", "--skip-version-check"]) expect(without).toContain(flag);
    expect(without.slice(0, 3)).toEqual(["fs", "--scanners", "secret,misconfig"]);
    expect(withDb.slice(0, 3)).toEqual(["fs", "--scanners", "vuln,secret,misconfig"]);
    expect(trivyArgs({ ...base, vuln: false, target: { kind: "image", imageTag: "skillsign/skill:x" } }, "/o.json").slice(0, 3)).toEqual(["image", "--image-src", "docker"]);
  });
});

describe("image-scan: missing Trivy", () => {
  it("is an error, never passed, when trivy cannot be found (a coded TOOL_MISSING the runner reports)", async () => {
    await expect(scan("benign-minimal", { extra: { PATH: "/nonexistent", SKILLSIGN_TOOLS: "/nonexistent" } })).rejects.toMatchObject({ code: "TOOL_MISSING" });
    const home = mkdtempSync(join(tmpdir(), "image-scan-missing-"));
    const run = await runPipeline([fixture("benign-minimal")], { only: ["image-scan"], home, processEnv: env({ PATH: "/nonexistent", SKILLSIGN_TOOLS: "/nonexistent" }) });
    const o = run.analyses[0]!.stages.find((s) => s.stageId === "image-scan")!;
    expect(o.status).toBe("error");
    expect(o.reason).toMatch(/^TOOL_MISSING: trivy is not installed/);
  });
});

describe.skipIf(!TRIVY_UP)("image-scan: real Trivy on the snapshot (no build)", () => {
  it("finds the baked AWS key pair and private key offline, values masked, and caches the result", async () => {
    const home = mkdtempSync(join(tmpdir(), "skillsign-test-home-"));
    const o = await scan("secret-baked-credentials", { home });
    expect(o.status, o.reason).toBe("findings");
    expect(o.tool).toEqual({ name: "trivy", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(o.checks).toEqual({ secret: "ran", misconfig: "ran", vuln: NO_VULN_DB });
    expect(o.data).toMatchObject({ target: "fs", cached: false });
    expect(ids(o)).toEqual(["image-scan.secret.aws-access-key-id", "image-scan.secret.aws-secret-access-key", "image-scan.secret.private-key"]);
    expect(o.findings.find((f) => f.ruleId.endsWith("private-key"))).toMatchObject({ file: "config/deploy_key.pem", severity: "high" });
    const text = JSON.stringify(o);
    for (const c of canaries()) expect(text).not.toContain(c);

    const started = Date.now();
    const again = await scan("secret-baked-credentials", { home });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(again.data).toMatchObject({ cached: true });
    expect(ids(again)).toEqual(ids(o));
  });

  it("scans a benign skill clean", async () => {
    const o = await scan("benign-minimal");
    expect(o).toMatchObject({ status: "passed", findings: [], data: { target: "fs" } });
  });
});

// The build runs its install steps under gVisor and makes an SBOM (issue 15): slower than 60 s on a loaded machine.
describe.skipIf(SKIP_SANDBOX || !TRIVY_UP)("image-scan: real Trivy on the built image", { timeout: 240_000 }, () => {
  it("scans the built image of a benign skill clean, ignoring the base image", async () => {
    const ctx = await makeContext(ownCopy("build-vendored-wheel"), { processEnv: env(), stageTimeoutMs: 180_000 });
    const build = await runBuildStage(ctx);
    expect(build.status, build.reason).toBe("passed");
    const results = new Map<StageId, StageResult>([["build", { ...build, stageId: "build", stageVersion: "1", durationMs: 0 }]]);
    const o = await imageScanStage.run({ ...ctx, results });
    expect(o.status, o.reason).toBe("passed");
    expect(o.data).toMatchObject({ target: "image", imageTag: build.data?.imageTag });
    spawnSync("docker", ["rmi", "-f", String(build.data?.imageTag)], { stdio: "ignore" });
  });

  it("reports misconfigurations of a skill's own Dockerfile inside the image at its skill path", async () => {
    const ctx = await makeContext(ownCopy("build-foreign-base"), { processEnv: env(), stageTimeoutMs: 180_000 });
    const build = await runBuildStage(ctx);
    try {
      const results = new Map<StageId, StageResult>([["build", { ...build, stageId: "build", stageVersion: "1", durationMs: 0 }]]);
      const o = await imageScanStage.run({ ...ctx, results });
      expect(o.data).toMatchObject({ target: "image" });
      expect(o.findings).toContainEqual(expect.objectContaining({ ruleId: "image-scan.misconfig.DS-0002", file: "Dockerfile", severity: "high" }));
    } finally {
      spawnSync("docker", ["rmi", "-f", String(build.data?.imageTag)], { stdio: "ignore" });
    }
  });

  it("reports baked secrets in the image at skill paths, redacted in JSON, human and SARIF output", async () => {
    const home = mkdtempSync(join(tmpdir(), "skillsign-test-home-"));
    const run = await runPipeline([fixture("secret-baked-credentials")], { home, processEnv: env({ SKILLSIGN_HOME: home }), only: ["build", "image-scan"], concurrency: 1 });
    const analysis = run.analyses[0]!;
    const scanResult = analysis.stages.find((s) => s.stageId === "image-scan")!;
    expect(scanResult.data).toMatchObject({ target: "image" });
    expect(scanResult.findings.map((f) => `${f.ruleId}@${f.file}:${f.line}`)).toEqual([
      "image-scan.secret.aws-access-key-id@config/aws.ini:2",
      "image-scan.secret.aws-secret-access-key@config/aws.ini:3",
      "image-scan.secret.private-key@config/deploy_key.pem:2",
    ]);
    const verdict = route(analysis, loadPolicy(), { selectedStages: ["build", "image-scan"] });
    expect(verdict.decision).toBe("rejected");
    const input = { skills: [{ analysis, verdict }], inputErrors: [] };
    for (const format of ["json", "human", "sarif"] as const) {
      const out = renderReport(input, format);
      expect(out).toContain("aws-access-key-id");
      for (const c of canaries()) expect(out, format).not.toContain(c);
    }
    spawnSync("docker", ["rmi", "-f", String(analysis.stages.find((s) => s.stageId === "build")!.data?.imageTag)], { stdio: "ignore" });
  });
});

describe.skipIf(SKIP_SANDBOX || !TRIVY_UP)("image-scan: concurrent runs of one process", () => {
  it("8 concurrent image scans on one fresh shared Trivy cache: no cache-lock error, and the cache is seeded for the next run", async () => {
    const shared = mkdtempSync(join(tmpdir(), "skillsign-test-trivy-shared-"));
    const image = process.env.SKILLSIGN_BEHAVIOR_IMAGE || "skillsign/base:latest";
    const built = new Map<StageId, StageResult>([["build", { stageId: "build", stageVersion: "1", status: "passed", findings: [], durationMs: 0, data: { baseImage: image, installSteps: [], imageTag: image } }]]);
    const started = Date.now();
    const outcomes = await Promise.all(
      // The fallback without a trivy server (SKILLSIGN_TRIVY_SERVER=off): per-run caches.
      Array.from({ length: 8 }, () => scan("benign-minimal", { results: built, extra: { SKILLSIGN_TRIVY_CACHE_DIR: shared, SKILLSIGN_TRIVY_SERVER: "off" } })),
    );
    const errors = outcomes.filter((o) => o.status === "error").map((o) => o.reason);
    expect(errors).toEqual([]);
    expect(outcomes.every((o) => o.data?.target === "image" && o.data?.cached === false)).toBe(true);
    // Every run worked in a dir of its own, removed afterwards; the shared scan cache was promoted.
    expect(readdirSync(join(shared, "runs"))).toEqual([]);
    expect(statSync(join(shared, "fanal", "fanal.db")).size).toBeGreaterThan(0);
    console.log(`8 concurrent cold image scans: ${Date.now() - started} ms`);
  }, 300_000);
});


describe.skipIf(SKIP_SANDBOX || !TRIVY_UP)("image-scan: concurrent runs with a vulnerability DB", () => {
  it("6 concurrent vulnerability scans share one DB (Trivy opens it read-only): vuln ran, no errors", async () => {
    const shared = mkdtempSync(join(tmpdir(), "skillsign-test-trivy-vulndb-"));
    mkdirSync(join(shared, "db"));
    writeFileSync(join(shared, "db", "trivy.db"), gunzipSync(Buffer.from(EMPTY_VULN_DB, "base64")));
    const now = new Date().toISOString();
    writeFileSync(join(shared, "db", "metadata.json"), JSON.stringify({ Version: 2, NextUpdate: "2099-01-01T00:00:00Z", UpdatedAt: now, DownloadedAt: now }));
    const image = process.env.SKILLSIGN_BEHAVIOR_IMAGE || "skillsign/base:latest";
    const built = new Map<StageId, StageResult>([["build", { stageId: "build", stageVersion: "1", status: "passed", findings: [], durationMs: 0, data: { baseImage: image, installSteps: [], imageTag: image } }]]);
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => scan("benign-minimal", { results: built, extra: { SKILLSIGN_TRIVY_CACHE_DIR: shared } })));
    expect(outcomes.filter((o) => o.status === "error").map((o) => o.reason)).toEqual([]);
    expect(outcomes.every((o) => o.checks?.vuln === "ran")).toBe(true);
  }, 300_000);
});
