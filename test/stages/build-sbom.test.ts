import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { StageOutcome, StageResult } from "../../src/findings.types.js";
import type { StageId } from "../../src/stage-ids.js";
import { platformBaseImage } from "../../src/stages/image-build/base-image.js";
import { buildStage } from "../../src/stages/image-build/index.js";
import { seedScanCache } from "../../src/stages/image-build/scan-seed.js";
import { sbomForContent } from "../../src/stages/image-build/sbom.js";
import { imageScanStage } from "../../src/stages/image-scan/index.js";
import { stopTrivyServer, trivyServer } from "../../src/stages/image-scan/server.js";
import { trivyArgs } from "../../src/stages/image-scan/trivy.js";
import { makeContext } from "../helpers/stage-context.js";
import { SKIP_SANDBOX } from "../sandbox/engine.js";

// Real engine, runsc and Trivy: the build's SBOM comes from the analysis image-scan reuses.
const cache = mkdtempSync(join(tmpdir(), "skillsign-test-sbom-trivy-"));
const cache2 = mkdtempSync(join(tmpdir(), "skillsign-test-sbom-trivy-"));
const images: string[] = [];
afterAll(() => {
  stopTrivyServer(cache);
  stopTrivyServer(cache2);
  for (const tag of images) spawnSync("docker", ["rmi", "-f", tag], { stdio: "ignore" });
});

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const pass = ["DOCKER_HOST", "SKILLSIGN_BASE_IMAGE", "SKILLSIGN_BASE_REPO", "PATH", "HOME", "SKILLSIGN_TOOLS"] as const;
  return { ...Object.fromEntries(pass.filter((k) => process.env[k]).map((k) => [k, process.env[k]])), SKILLSIGN_TRIVY_CACHE_DIR: cache, ...extra };
}

/** A skill whose install step (under runsc) leaves an installed Python package with a unique version. */
function skillWithPackage(version: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "skillsign-sbom-")), "build-sbom-canary");
  mkdirSync(dir);
  const info = `/home/skill/.local/lib/python3.11/site-packages/sbom_canary-${version}.dist-info`;
  const command = `mkdir -p ${info} && printf 'Metadata-Version: 2.1\\nName: sbom-canary\\nVersion: ${version}\\n' > ${info}/METADATA`;
  writeFileSync(join(dir, "SKILL.md"), `---\nname: build-sbom-canary\ndescription: "Generated test skill."\nmetadata:\n  openclaw:\n    install:\n      - kind: shell\n        label: Install canary\n        command: ${JSON.stringify(command)}\n---\n\n# canary\n`);
  return dir;
}

async function build(dir: string, home: string, extra: NodeJS.ProcessEnv = {}): Promise<StageOutcome> {
  const o = await buildStage.run(await makeContext(dir, { home, processEnv: env(extra), stageTimeoutMs: 300_000 }));
  if (typeof o.data?.imageTag === "string") images.push(o.data.imageTag);
  return o;
}

const components = (home: string, contentHash: string) =>
  (JSON.parse(sbomForContent(home, contentHash)!.text) as { components: { name: string; version?: string; purl?: string }[] }).components;

describe.skipIf(SKIP_SANDBOX)("build: the SBOM through the image-scan's trivy server", () => {
  it("makes the SBOM from the scan server's analysis, after which image-scan's own run needs no export; same components as a direct Trivy run", async () => {
    const version = `1.2.${Date.now() % 100000}`;
    const dir = skillWithPackage(version);
    const home = mkdtempSync(join(tmpdir(), "skillsign-sbom-home-"));
    const o = await build(dir, home);
    expect(o.status, JSON.stringify(o.findings)).toBe("passed");
    expect(o.data?.sbom, String(o.data?.sbomError)).toMatchObject({ format: "CycloneDX", via: "scan-server" });
    const contentHash = (await makeContext(dir, { home })).snapshot.contentHash;
    const viaServer = components(home, contentHash);
    expect(viaServer).toEqual(expect.arrayContaining([expect.objectContaining({ name: "sbom-canary", version })]));
    expect(viaServer.find((c) => c.name === "python3")).toBeDefined(); // the base image's packages too

    // image-scan's exact command line (trivyArgs), with --debug: every layer is already in the server's cache.
    const server = (await trivyServer("trivy", cache, env()))!;
    const args = trivyArgs({ cacheDir: join(cache, "server", "client"), target: { kind: "image", imageTag: o.data!.imageTag as string }, vuln: false, timeoutMs: 120_000, server }, join(home, "scan.json"));
    const dbg = spawnSync("trivy", [...args.filter((a) => a !== "--quiet"), "--debug"], { encoding: "utf8", timeout: 180_000 });
    expect(dbg.status, dbg.stderr.slice(-2000)).toBe(0);
    expect(dbg.stderr).toContain("Detected image ID");
    expect(dbg.stderr).not.toContain("Missing");
    const results = new Map<StageId, StageResult>([["build", { stageId: "build", stageVersion: "2", status: "passed", findings: [], durationMs: 0, data: o.data! }]]);
    const scanStarted = Date.now();
    const scan = await imageScanStage.run(await makeContext(dir, { processEnv: env(), stageTimeoutMs: 240_000, results }));
    expect(scan.status, scan.reason).not.toBe("error");
    const scanMs = Date.now() - scanStarted;

    // Not weakened: a direct `trivy image --format cyclonedx` of the same image lists the same components.
    const home2 = mkdtempSync(join(tmpdir(), "skillsign-sbom-home-"));
    const direct = await build(dir, home2, { SKILLSIGN_SBOM_VIA_SERVER: "0" });
    expect(direct.data).toMatchObject({ cached: true, installRuntime: "runsc", sbom: { via: "trivy" } });
    const key = (c: { name: string; version?: string; purl?: string }) => `${c.purl ?? c.name}@${c.version ?? ""}`;
    expect(components(home2, contentHash).map(key).sort()).toEqual(viaServer.map(key).sort());
    console.log(`SBOM via scan server ${String(o.data?.sbomMs)} ms (image-scan after it ${scanMs} ms); direct Trivy ${String(direct.data?.sbomMs)} ms`);
  }, 600_000);
  it("a new scan server's cache starts from the base image's analysis: the base layer is not analysed again", async () => {
    const base = platformBaseImage(resolve(import.meta.dirname, "../.."), env());
    const digest = spawnSync("docker", ["image", "inspect", "--format", "{{.Id}}", base.tag], { encoding: "utf8" }).stdout.trim();
    await seedScanCache("trivy", { tag: base.tag, digest }, cache2, env(), { PATH: process.env.PATH, HOME: process.env.HOME });
    const server = (await trivyServer("trivy", cache2, env()))!;
    const out = join(mkdtempSync(join(tmpdir(), "skillsign-sbom-")), "scan.json");
    const args = trivyArgs({ cacheDir: join(cache2, "server", "client"), target: { kind: "image", imageTag: base.tag }, vuln: false, timeoutMs: 120_000, server }, out);
    const dbg = spawnSync("trivy", [...args.filter((a) => a !== "--quiet"), "--debug"], { encoding: "utf8", timeout: 180_000 });
    expect(dbg.status, dbg.stderr.slice(-2000)).toBe(0);
    expect(dbg.stderr).toContain("Detected image ID");
    expect(dbg.stderr).not.toContain("Missing");
  }, 400_000);
});
