import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { runBuildStage } from "../../src/stages/image-build/index.js";
import { planInstall } from "../../src/stages/image-build/plan.js";
import { makeContext } from "../helpers/stage-context.js";
import { SKIP_SANDBOX } from "../sandbox/engine.js";

// Real skills ship requirements.txt / package.json and almost never declare install steps; without the
// dependencies installed the behaviour run saw only an import error (the real install and run:
// test/stages/behavior-netrc.test.ts).
async function plan(files: Record<string, string>, frontmatter = "") {
  const dir = join(mkdtempSync(join(tmpdir(), "skillsign-infer-")), "deps-skill");
  onTestFinished(() => rmSync(dirname(dir), { recursive: true, force: true }));
  writeFileSync(join((mkdirSync(dir, { recursive: true }), dir), "SKILL.md"), `---\nname: deps-skill\ndescription: Uses some dependencies.\n${frontmatter}---\n# Deps\n`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const ctx = await makeContext(dir);
  return planInstall(ctx.skill.permissions.install, ctx.snapshot).map((s) => [s.label, s.kind === "run" ? s.prefetch : undefined]);
}

describe("install steps inferred from dependency files", () => {
  it("a root or scripts/ requirements.txt becomes a prefetched pip step", async () => {
    expect(await plan({ "requirements.txt": "# deps\nrequests==2.32.3\n" })).toEqual([
      ["inferred from requirements.txt: pip install -r requirements.txt", { ecosystem: "pypi", args: ["-r", "requirements.txt"] }],
    ]);
    expect(await plan({ "scripts/requirements.txt": "numpy>=1.21\n" })).toEqual([
      ["inferred from scripts/requirements.txt: pip install -r scripts/requirements.txt", { ecosystem: "pypi", args: ["-r", "scripts/requirements.txt"] }],
    ]);
  });

  it("a root package.json with dependencies becomes an npm step (with its lock when there is one)", async () => {
    const pkg = JSON.stringify({ name: "x", dependencies: { "left-pad": "1.3.0" } });
    expect(await plan({ "package.json": pkg, "package-lock.json": "{}" })).toEqual([
      ["inferred from package.json + package-lock.json: npm install", { ecosystem: "npm", lock: "package-lock.json", packageJson: "package.json", packages: [] }],
    ]);
  });

  it("nothing is inferred from comments only, dev-only or broken package.json, templates elsewhere, or when a step of that ecosystem is declared", async () => {
    expect(await plan({ "requirements.txt": "# nothing yet\n\n" })).toEqual([]);
    expect(await plan({ "package.json": JSON.stringify({ devDependencies: { vitest: "1" } }) })).toEqual([]);
    expect(await plan({ "package.json": "{ not json" })).toEqual([]);
    expect(await plan({ "templates/worker/package.json": JSON.stringify({ dependencies: { hono: "4" } }), "examples/requirements.txt": "flask\n" })).toEqual([]);
    const declared = "metadata:\n  openclaw:\n    install:\n      - kind: pip\n        package: six==1.16.0\n";
    expect((await plan({ "requirements.txt": "requests==2.32.3\n" }, declared)).map(([label]) => label)).toEqual(["pip install six==1.16.0"]);
  });
});

describe.skipIf(SKIP_SANDBOX)("an inferred step through the real build (PyPI, runsc)", () => {
  it("installs a requirements.txt wheel that ships C headers (greenlet) and the package imports in the image", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "skillsign-infer-")), "headers-skill");
    onTestFinished(() => rmSync(dirname(dir), { recursive: true, force: true }));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "SKILL.md"), "---\nname: headers-skill\ndescription: Runs coroutines with greenlet.\n---\n# Headers\n\nRun `python3 scripts/run.py`.\n");
    writeFileSync(join(dir, "requirements.txt"), "greenlet==3.1.1\n");
    const pass = ["DOCKER_HOST", "SKILLSIGN_BASE_IMAGE", "PATH"].filter((k) => process.env[k]).map((k) => [k, process.env[k]]);
    const home = mkdtempSync(join(tmpdir(), "skillsign-infer-home-"));
    onTestFinished(() => rmSync(home, { recursive: true, force: true }));
    const ctx = await makeContext(dir, { processEnv: Object.fromEntries(pass), stageTimeoutMs: 240_000, home });
    const o = await runBuildStage(ctx);
    const tag = o.data?.imageTag as string | undefined;
    onTestFinished(() => void spawnSync("docker", ["rmi", "-f", String(tag)], { stdio: "ignore" }));
    expect(o.findings.filter((f) => f.severity !== "low" && f.severity !== "info").map((f) => `${f.ruleId}: ${f.message}`), o.reason).toEqual([]);
    expect(o.data?.installSteps).toEqual(["inferred from requirements.txt: pip install -r requirements.txt"]);
    const r = spawnSync("docker", ["run", "--rm", "--network", "none", String(tag), "python3", "-c", "import greenlet; print(greenlet.__version__)"], { encoding: "utf8" });
    expect(r.stdout.trim(), r.stderr).toBe("3.1.1");
  }, 300_000);
});
