import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { StageOutcome } from "../../src/findings.types.js";
import type { ResolvedPackage } from "../../src/prefetch/index.js";
import { dependenciesStage } from "../../src/stages/dependencies/index.js";
import { buildStage } from "../../src/stages/image-build/index.js";
import { sbomForContent } from "../../src/stages/image-build/sbom.js";
import { fixture, makeContext } from "../helpers/stage-context.js";
import { SKIP_SANDBOX } from "../sandbox/engine.js";

// Real engine, real runsc, real registries (PyPI, npm): the hermetic build end to end.
const home = mkdtempSync(join(tmpdir(), "skillsign-prefetch-home-"));
const images: string[] = [];
afterAll(() => {
  for (const tag of images) spawnSync("docker", ["rmi", "-f", tag], { stdio: "ignore" });
});

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const pass = ["DOCKER_HOST", "SKILLSIGN_BASE_IMAGE", "PATH", "HOME", "SKILLSIGN_TOOLS"] as const;
  return { ...Object.fromEntries(pass.filter((k) => process.env[k]).map((k) => [k, process.env[k]])), ...extra };
}

async function build(dir: string, opts: { home?: string; env?: NodeJS.ProcessEnv } = {}): Promise<StageOutcome> {
  const o = await buildStage.run(await makeContext(dir, { home: opts.home, processEnv: env(opts.env), stageTimeoutMs: 300_000 }));
  if (typeof o.data?.imageTag === "string") images.push(o.data.imageTag);
  return o;
}

/** A one-off skill from files (SKILL.md written from `install`). */
function skill(name: string, install: string, files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), "skillsign-prefetch-")), name);
  mkdirSync(dir);
  writeFileSync(join(dir, "SKILL.md"), `---\nname: ${name}\ndescription: "Generated test skill."\nmetadata:\n  openclaw:\n    install:\n${install}---\n\n# ${name}\n`);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const inImage = (tag: string, ...cmd: string[]) =>
  spawnSync("docker", ["run", "--rm", "--runtime", "runsc", "--network", "none", "--user", "1000:1000", tag, ...cmd], { encoding: "utf8" });
const ids = (o: StageOutcome) => o.findings.map((f) => f.ruleId).sort();
const deps = (o: StageOutcome) => (o.data?.resolvedDependencies ?? []) as ResolvedPackage[];

describe.skipIf(SKIP_SANDBOX)("build: prefetch, then an offline install with the real pip/npm under gVisor", () => {
  it("installs hash-pinned requirements (requests) offline; the package imports in the image; a repeat is served from the cache", async () => {
    const o = await build(fixture("build-requests-hashed"), { home });
    expect(o.status, JSON.stringify(o.findings)).toBe("passed");
    expect(o.data?.installRuntime).toBe("runsc");
    expect(deps(o).map((p) => `${p.name}==${p.version}`)).toEqual(
      expect.arrayContaining(["requests==2.31.0", "urllib3==2.8.0", "idna==3.20", "certifi==2026.10.19.post1", "charset-normalizer==3.5.3"]),
    );
    expect(deps(o).find((p) => p.name === "requests")).toMatchObject({ pinned: true, sha256: "58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f" });
    expect(o.data?.prefetch).toEqual([expect.objectContaining({ ecosystem: "pypi", cached: false, packages: 5 })]);
    const r = inImage(o.data!.imageTag as string, "python3", "-c", "import requests; print(requests.__version__)");
    expect(r.stdout.trim(), r.stderr).toBe("2.31.0");
    // The image's CycloneDX SBOM (Trivy, offline) is stored by digest and lists what pip installed.
    const sbom = o.data?.sbom as { format: string; sha256: string; components: number };
    expect(sbom, String(o.data?.sbomError)).toMatchObject({ format: "CycloneDX", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const stored = sbomForContent(home, (await makeContext(fixture("build-requests-hashed"))).snapshot.contentHash)!;
    expect(stored.sha256).toBe(sbom.sha256);
    const components = (JSON.parse(stored.text) as { components: { name: string; version: string }[] }).components;
    expect(components).toEqual(expect.arrayContaining([expect.objectContaining({ name: "requests", version: "2.31.0" })]));

    const again = await build(fixture("build-requests-hashed"), { home });
    expect(again.data?.prefetch).toEqual([expect.objectContaining({ cached: true })]);
    // A cache hit still reports the runtime the install steps ran under (a label on the image).
    expect(again.data).toMatchObject({ cached: true, imageTag: o.data!.imageTag, installRuntime: "runsc", sbom: { sha256: sbom.sha256 } });
  }, 300_000);

  it("refuses a requirement whose hash does not match what the registry serves", async () => {
    const dir = skill("build-bad-hash", "      - kind: pip\n        package: \"-r requirements.txt\"\n", {
      "requirements.txt": `idna==3.20 \\\n    --hash=sha256:${"0".repeat(64)}\n`,
    });
    const o = await build(dir);
    expect(o.status).toBe("findings");
    expect(ids(o)).toEqual(["build.dependency-hash-mismatch"]);
    expect(o.findings[0]!.severity).toBe("high");
    expect(o.findings[0]!.evidence).toContain("0".repeat(64));
    expect(o.findings[0]!.evidence).toMatch(/ab7ae7122974553370f0bdb919e1a960b2cd1bc1ef0276416d896db81c14582c/);
    expect(o.data?.imageTag).toBeUndefined();
  }, 300_000);

  it("stops a pip step whose downloads pass SKILLSIGN_PREFETCH_MAX_MB and refuses the build with a finding that says so", async () => {
    // requests and its four dependencies are ~0.5 MiB of wheels; the budget is 0.1 MiB.
    const dir = skill("build-too-large", "      - kind: pip\n        package: \"-r requirements.txt\"\n", { "requirements.txt": "requests==2.32.3\n" });
    const o = await build(dir, { home: mkdtempSync(join(tmpdir(), "skillsign-budget-home-")), env: { SKILLSIGN_PREFETCH_MAX_MB: "0.1" } });
    expect(ids(o)).toEqual(["build.dependencies-too-large"]);
    expect(o.findings[0]).toMatchObject({ severity: "medium" });
    expect(o.findings[0]!.message).toMatch(/^pip download downloads more than the prefetch budget of 0\.10 MiB \(stopped at [\d.]+ MiB\); the skill was not built/);
    expect(o.data?.imageTag).toBeUndefined();
  }, 300_000);

  it("settles the open ranges it resolved; the ones no install step installed, and npm ranges without a lock, are build.unresolved-dependency", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "skillsign-unresolved-")), "unresolved-demo");
    mkdirSync(join(dir, "tools"), { recursive: true });
    writeFileSync(join(dir, "SKILL.md"), "---\nname: unresolved-demo\ndescription: \"Generated test skill.\"\n---\n\n# unresolved-demo\n");
    writeFileSync(join(dir, "requirements.txt"), "idna>=3\n"); // installed by the inferred step
    writeFileSync(join(dir, "tools", "requirements.txt"), "six>=1.16\n"); // no step installs it
    writeFileSync(join(dir, "package.json"), '{"name": "unresolved-demo", "dependencies": {"is-number": "^7.0.0"}}\n'); // resolved at prefetch, but no lock for a runtime
    const ctx = await makeContext(dir, { processEnv: env(), stageTimeoutMs: 300_000 });
    const declared = await dependenciesStage.run(ctx);
    expect(declared.data?.openDependencies).toEqual([
      { ecosystem: "npm", name: "is-number", spec: "^7.0.0", file: "package.json", line: 1, bounded: true },
      { ecosystem: "pypi", name: "idna", spec: ">=3", file: "requirements.txt", line: 1, bounded: false },
      { ecosystem: "pypi", name: "six", spec: ">=1.16", file: "tools/requirements.txt", line: 1, bounded: false },
    ]);
    const o = await buildStage.run({ ...ctx, results: new Map([["dependencies", { stageId: "dependencies", ...declared, durationMs: 0 } as never]]) });
    if (typeof o.data?.imageTag === "string") images.push(o.data.imageTag);
    const unresolved = o.findings.filter((f) => f.ruleId === "build.unresolved-dependency");
    expect(unresolved.map((f) => [f.file, f.evidence, f.severity])).toEqual([["package.json", "is-number (^7.0.0)", "low"], ["tools/requirements.txt", "six (>=1.16)", "medium"]]);
    expect(unresolved[0]!.fix).toMatch(/package-lock\.json/);
    expect(deps(o).map((p) => p.name)).toContain("idna");
    // Without the dependencies stage's output (an older cached result), nothing is claimed either way.
    const alone = await build(dir);
    expect(alone.findings.filter((f) => f.ruleId === "build.unresolved-dependency")).toEqual([]);
  }, 300_000);

  it("resolves an unpinned requirement once, records the exact version and hash, and asks the creator to pin it", async () => {
    const dir = skill("build-unpinned", "      - kind: pip\n        package: idna\n", {});
    const o = await build(dir);
    expect(o.status, JSON.stringify(o.findings)).toBe("findings");
    expect(ids(o)).toEqual(["build.unpinned-dependencies"]);
    const idna = deps(o).find((p) => p.name === "idna")!;
    expect(idna).toMatchObject({ pinned: false });
    expect(idna.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(o.findings[0]!.evidence).toBe(`idna==${idna.version} --hash=sha256:${idna.sha256}`);
    expect(inImage(o.data!.imageTag as string, "python3", "-c", "import idna; print('ok')").stdout.trim()).toBe("ok");
  }, 300_000);

  it("installs a package-lock.json skill with npm ci --offline from the prefetched cache", async () => {
    const o = await build(fixture("build-npm-lock"));
    expect(o.status, JSON.stringify(o.findings)).toBe("passed");
    expect(o.data?.installRuntime).toBe("runsc");
    // Built again: a cache hit, and it still reports runsc (read back from the image's label).
    const again = await build(fixture("build-npm-lock"));
    expect(again.data).toMatchObject({ cached: true, imageTag: o.data!.imageTag, installRuntime: "runsc" });
    expect(deps(o)).toEqual([expect.objectContaining({ ecosystem: "npm", name: "is-number", version: "7.0.0", pinned: true, integrity: expect.stringMatching(/^sha512-/) })]);
    const r = inImage(o.data!.imageTag as string, "node", "/skill/scripts/check.js", "42");
    expect(r.stdout.trim(), r.stderr).toBe("number");
  }, 300_000);

  it("installs a named npm package (no lock in the skill) from a lock resolved once at prefetch", async () => {
    const o = await build(skill("build-npm-named", "      - kind: npm\n        package: is-number\n", {}));
    expect(ids(o)).toEqual(["build.unpinned-dependencies"]);
    expect(o.findings[0]!.evidence).toMatch(/^is-number@\d+\.\d+\.\d+$/);
    expect(deps(o)).toEqual([expect.objectContaining({ ecosystem: "npm", name: "is-number", pinned: false, integrity: expect.stringMatching(/^sha512-/) })]);
    const r = spawnSync("docker", ["run", "--rm", "--runtime", "runsc", "--network", "none", "-w", "/skill", o.data!.imageTag as string, "node", "-e", "console.log(require('is-number')(5))"], { encoding: "utf8" });
    expect(r.stdout.trim(), r.stderr).toBe("true");
  }, 300_000);

  it("refuses a lock whose integrity does not match the registry's tarball", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "skillsign-prefetch-")), "build-npm-bad-integrity");
    cpSync(fixture("build-npm-lock"), dir, { recursive: true });
    const lockPath = join(dir, "package-lock.json");
    const lock = JSON.parse(readFileSync(lockPath, "utf8"));
    lock.packages["node_modules/is-number"].integrity = `sha512-${Buffer.alloc(64, 7).toString("base64")}`;
    writeFileSync(lockPath, JSON.stringify(lock, null, 2));
    const o = await build(dir);
    expect(o.status).toBe("findings");
    expect(ids(o)).toEqual(["build.dependency-hash-mismatch"]);
    expect(o.findings[0]!.message).toContain("integrity");
    expect(o.data?.imageTag).toBeUndefined();
  }, 300_000);
});
