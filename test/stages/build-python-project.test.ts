import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { StageOutcome } from "../../src/findings.types.js";
import type { ResolvedPackage } from "../../src/prefetch/index.js";
import { buildStage } from "../../src/stages/image-build/index.js";
import { fixture, makeContext } from "../helpers/stage-context.js";
import { SKIP_SANDBOX } from "../sandbox/engine.js";

// Real engine, real runsc, real PyPI: pyproject.toml / uv.lock / poetry.lock read by prefetch, installed offline by the real pip.
const home = mkdtempSync(join(tmpdir(), "skillsign-pyproject-home-"));
const images: string[] = [];
afterAll(() => {
  for (const tag of images) spawnSync("docker", ["rmi", "-f", tag], { stdio: "ignore" });
});

function env(): NodeJS.ProcessEnv {
  const pass = ["DOCKER_HOST", "SKILLSIGN_BASE_IMAGE", "PATH", "HOME", "SKILLSIGN_TOOLS"] as const;
  return Object.fromEntries(pass.filter((k) => process.env[k]).map((k) => [k, process.env[k]]));
}

/** A private copy (own content hash, own image) so parallel test files never share or remove it. */
function copy(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "skillsign-pyproject-")), name);
  cpSync(fixture(name), dir, { recursive: true });
  return dir;
}

async function build(dir: string): Promise<StageOutcome> {
  const o = await buildStage.run(await makeContext(dir, { home, processEnv: env(), stageTimeoutMs: 300_000 }));
  if (typeof o.data?.imageTag === "string") images.push(o.data.imageTag);
  return o;
}

const run = (tag: string, ...cmd: string[]) =>
  spawnSync("docker", ["run", "--rm", "--runtime", "runsc", "--network", "none", "--user", "1000:1000", "-w", "/skill", tag, ...cmd], { encoding: "utf8" });
const ids = (o: StageOutcome) => o.findings.map((f) => f.ruleId).sort();
const deps = (o: StageOutcome) => (o.data?.resolvedDependencies ?? []) as ResolvedPackage[];
const SIX = "4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274";
const DOCOPT = "49b3a825280bd66b3aa83585ef59c4a8c82f2c8a522dbe754a8bc8d08c85c491";
const IDNA = "ab7ae7122974553370f0bdb919e1a960b2cd1bc1ef0276416d896db81c14582c";

describe.skipIf(SKIP_SANDBOX)("build: Python project files (pyproject.toml, uv.lock, poetry.lock) prefetched, installed offline under gVisor", () => {
  it("pyproject.toml [project] dependencies: resolved once, recorded with its hash, the creator is told to lock; six imports in the image", async () => {
    const o = await build(copy("build-pyproject"));
    expect(o.status, JSON.stringify(o.findings)).toBe("findings");
    expect(ids(o)).toEqual(["build.unpinned-dependencies"]);
    expect(o.data?.installRuntime).toBe("runsc");
    expect(deps(o)).toEqual([expect.objectContaining({ name: "six", pinned: false, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    const r = run(o.data!.imageTag as string, "python3", "main.py");
    expect(r.stdout.trim(), r.stderr).toMatch(/^hello 1\.\d+/);
  }, 300_000);

  it("uv.lock: exact versions and the lock's sha256 (pinned); a Windows-only package is skipped by its marker", async () => {
    const o = await build(copy("build-uv-lock"));
    expect(o.status, JSON.stringify(o.findings)).toBe("passed");
    expect(o.data?.installRuntime).toBe("runsc");
    expect(deps(o)).toEqual([expect.objectContaining({ name: "six", version: "1.17.0", pinned: true, sha256: SIX })]);
    const r = run(o.data!.imageTag as string, "python3", "main.py");
    expect(r.stdout.trim(), r.stderr).toBe("hello 1.17.0");
  }, 300_000);

  it("poetry.lock: idna at the locked version and hash imports in the image", async () => {
    const o = await build(copy("build-poetry-lock"));
    expect(o.status, JSON.stringify(o.findings)).toBe("passed");
    expect(deps(o)).toEqual([expect.objectContaining({ name: "idna", version: "3.20", pinned: true, sha256: IDNA })]);
    const r = run(o.data!.imageTag as string, "python3", "main.py");
    expect(r.stdout.trim(), r.stderr).toBe("hello b'example.invalid'");
  }, 300_000);

  it("a uv.lock whose sha256 does not match what PyPI serves is refused (nothing built)", async () => {
    const dir = copy("build-uv-lock");
    const lock = join(dir, "uv.lock");
    writeFileSync(lock, readFileSync(lock, "utf8").replace(SIX, "0".repeat(64)));
    const o = await build(dir);
    expect(o.status).toBe("findings");
    expect(ids(o)).toEqual(["build.dependency-hash-mismatch"]);
    expect(o.findings[0]!.evidence).toContain("0".repeat(64));
    expect(o.data?.imageTag).toBeUndefined();
  }, 300_000);

  it("an sdist-only dependency (docopt 0.6.2) is hash-checked, flagged, and built by pip only inside the runsc install step", async () => {
    const o = await build(copy("build-sdist-only"));
    expect(o.status, JSON.stringify(o.findings)).toBe("findings");
    expect(ids(o)).toEqual(["build.sdist-dependency"]);
    expect(o.findings[0]!.fix).toMatch(/wheels/);
    expect(o.data?.installRuntime).toBe("runsc");
    expect(deps(o)).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: "docopt", version: "0.6.2", sdist: true, pinned: true, sha256: DOCOPT }),
      expect.objectContaining({ name: "setuptools", buildTool: true }),
    ]));
    const r = run(o.data!.imageTag as string, "python3", "main.py");
    expect(r.stdout.trim(), r.stderr).toBe("{'--name': 'x'}");
  }, 300_000);

  it("an sdist whose pinned hash differs from the index's is refused before anything is downloaded to build", async () => {
    const dir = copy("build-sdist-only");
    writeFileSync(join(dir, "requirements.txt"), `docopt==0.6.2 --hash=sha256:${"1".repeat(64)}\n`);
    const o = await build(dir);
    expect(ids(o)).toEqual(["build.dependency-hash-mismatch"]);
    expect(o.findings[0]!.evidence).toContain(DOCOPT);
    expect(o.data?.imageTag).toBeUndefined();
  }, 300_000);
});
