import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { DoctorReport } from "../../src/doctor/index.js";
import { ensureDist } from "../helpers/build.js";
import { REPO_ROOT } from "../helpers/hostile.js";
import { ENGINE_UP, SANDBOX_REQUIRED } from "../sandbox/engine.js";

const BIN = join(REPO_ROOT, "dist/bin/skillsign.js");

function doctor(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "doctor", ...args], { env, cwd: REPO_ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const home = () => mkdtempSync(join(tmpdir(), "skillsign-test-home-"));
const byId = (r: DoctorReport) => Object.fromEntries(r.components.map((c) => [c.id, c]));
/** A machine with nothing installed: no tools on PATH, no tools dir, no engine. */
const bare = (extra: NodeJS.ProcessEnv = {}) => ({ PATH: "/nonexistent", SKILLSIGN_TOOLS: "/nonexistent", DOCKER_HOST: "unix:///nonexistent/docker.sock", SKILLSIGN_HOME: home(), ...extra });

describe("skillsign doctor", { timeout: 120_000 }, () => {
  beforeAll(() => ensureDist());

  it("reports every missing part with the command that fixes it, and exits 4", async () => {
    const r = await doctor(["--json"], bare({ SNYK_TOKEN: "snyk-token-CANARY-123456", SKILLSIGN_PYPI_INDEX_URL: "https://pypi.registry.invalid/simple/", SKILLSIGN_NPM_REGISTRY: "https://npm.registry.invalid/" }));
    expect(r.code, r.stderr).toBe(4);
    const report = JSON.parse(r.stdout) as DoctorReport;
    expect(report.ok).toBe(false);
    const c = byId(report);
    expect(Object.keys(c)).toEqual(["docker", "runsc", "behavior-sandbox", "base-image", "semgrep", "trivy", "snyk", "postgres", "registries", "chromium"]);
    // Prefetch registries: reported (here a mirror that does not resolve), never required.
    expect(c.registries).toMatchObject({ status: "missing", required: false });
    expect(c.registries!.detail).toMatch(/PyPI https:\/\/pypi\.registry\.invalid\/simple\/: unreachable/);
    expect(c.docker).toMatchObject({ status: "missing", required: true, fix: "sudo skillsign setup --only apt,docker" });
    expect(c.docker!.detail).toMatch(/not reachable/);
    expect(c.semgrep).toMatchObject({ status: "missing", requiredBy: ["semgrep"], fix: "sudo skillsign setup --only semgrep" });
    expect(c.trivy).toMatchObject({ status: "missing", requiredBy: ["image-scan"], fix: "sudo skillsign setup --only trivy" });
    expect(c["base-image"]).toMatchObject({ status: "missing", fix: "sudo skillsign setup --only base-image" });
    // A token without the CLI is a problem worth showing, but Snyk is never required; the token never appears.
    expect(c.snyk).toMatchObject({ status: "missing", required: false, fix: "npm install -g snyk" });
    expect(r.stdout).not.toContain("CANARY");
    // Debian's chromium (the reviewer page's browser test) is reported, never required.
    expect(c.chromium).toMatchObject({ required: false });
  });

  it("shows Snyk as optional, not configured, in the human table", async () => {
    const r = await doctor([], bare());
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/^Snyk CLI \+ SNYK_TOKEN +optional .*\n +optional, not configured/m);
    expect(r.stdout).toMatch(/^Docker engine +MISSING/m);
    expect(r.stdout).toContain("fix: sudo skillsign setup --only trivy");
    expect(r.stdout).toMatch(/doctor: missing what the policy requires: Docker engine, .*Semgrep, Trivy/);
  });

  it("exits 0 when the policy requires nothing that is missing", async () => {
    const dir = home();
    const policy = join(dir, "static-only.yaml");
    const matrix = "{ high: review, medium: review, low: review }";
    writeFileSync(policy, `schemaVersion: 1\nrequired: [manifest, patterns, dependencies]\nfindings:\n${["critical", "high", "medium", "low", "info"].map((s) => `  ${s}: ${matrix}`).join("\n")}\n`);
    const r = await doctor(["--json", "--policy", policy], bare());
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as DoctorReport;
    expect(report.ok).toBe(true);
    expect(report.components.every((c) => !c.required)).toBe(true);
  });

  it("exits 2 on an unreadable --policy", async () => {
    const r = await doctor(["--policy", "/nonexistent/policy.yaml"], bare());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CONFIG_ERROR/);
  });

  it.skipIf(!ENGINE_UP && !SANDBOX_REQUIRED)("finds the real engine, runtimes, base image, Semgrep and Trivy on a set-up machine", async () => {
    const r = await doctor(["--json"], { ...process.env, SKILLSIGN_HOME: home() });
    const report = JSON.parse(r.stdout) as DoctorReport;
    const c = byId(report);
    for (const id of ["docker", "runsc", "base-image", "semgrep", "trivy"] as const) expect(c[id]!.status, `${id}: ${c[id]!.detail}`).toBe("found");
    expect(c.docker!.version).toMatch(/^\d+\.\d+/);
    expect(c.trivy!.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(c.trivy!.detail).toMatch(/no vulnerability DB|vulnerability DB present/);
    expect(c["base-image"]!.version).toMatch(/^skillsign\/base:[0-9a-f]{12}$/);
    expect(r.code).toBe(report.ok ? 0 : 4);
  });
});
