import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { StageOutcome } from "../../src/findings.types.js";
import { BUILD_RECIPE, buildStage, skillImageTag } from "../../src/stages/image-build/index.js";
import { BUILD_LABEL, BUILD_LABEL_VALUE, CONTENT_LABEL } from "../../src/stages/image-build/dockerfile.js";
import { foreignBaseFindings } from "../../src/stages/image-build/foreign-dockerfile.js";
import { OFFLINE_INSTALLER_PY } from "../../src/stages/image-build/installer-script.js";
import { planInstall } from "../../src/stages/image-build/plan.js";
import { fixture, makeContext } from "../helpers/stage-context.js";
import { containersWithLabel, SKIP_SANDBOX } from "../sandbox/engine.js";

/** Only what the stage needs from the outside; never the developer's whole environment. */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const pass = ["DOCKER_HOST", "SKILLSIGN_BASE_IMAGE", "PATH"] as const;
  return { ...Object.fromEntries(pass.filter((k) => process.env[k]).map((k) => [k, process.env[k]])), ...extra };
}

async function build(name: string, extra: NodeJS.ProcessEnv = {}): Promise<StageOutcome> {
  const ctx = await makeContext(fixture(name), { processEnv: env(extra), stageTimeoutMs: 120_000 });
  return buildStage.run(ctx);
}

const ids = (o: StageOutcome) => o.findings.map((f) => f.ruleId).sort();
// Other suites build images at the same time: count only the dangling layers of one skill's builds,
// which all carry its content-hash label (set right after FROM).
const danglingImages = (contentHash?: string) =>
  spawnSync("docker", ["images", "-q", "--filter", "dangling=true", ...(contentHash ? ["--filter", `label=${CONTENT_LABEL}=${contentHash}`] : [])], { encoding: "utf8" })
    .stdout.split("\n").filter(Boolean).sort();
/** A one-off skill whose declared shell install steps are `steps`. */
function generatedSkill(name: string, steps: Array<{ label: string; command: string }>): string {
  const dir = join(mkdtempSync(join(tmpdir(), "skillsign-gen-")), name);
  mkdirSync(dir);
  const install = steps.map((s) => `      - kind: shell\n        label: ${s.label}\n        command: ${JSON.stringify(s.command)}\n`).join("");
  writeFileSync(join(dir, "SKILL.md"), `---\nname: ${name}\ndescription: "Generated test skill."\nmetadata:\n  openclaw:\n    install:\n${install}---\n\n# ${name}\n`);
  return dir;
}
const removeImage = (tag: string) => spawnSync("docker", ["rmi", "-f", tag], { stdio: "ignore" });

describe("build: static checks (no engine)", () => {
  it("flags a skill Dockerfile that starts from another image, with file and line", async () => {
    const ctx = await makeContext(fixture("build-foreign-base"));
    const found = foreignBaseFindings(ctx.snapshot, "skillsign/base");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleId: "build.foreign-base-image", severity: "high", file: "Dockerfile", line: 2 });
    expect(found[0]!.message).toContain("python:3.12-slim");
  });

  it("accepts a skill Dockerfile on the platform base, whatever its tag", async () => {
    const ctx = await makeContext(fixture("build-foreign-base"));
    expect(foreignBaseFindings(ctx.snapshot, "python")).toEqual([]);
  });

  it("installs vendored wheels offline and sends undeclared sources to the network (which fails)", async () => {
    const wheel = await makeContext(fixture("build-vendored-wheel"));
    expect(planInstall(wheel.skill.permissions.install, wheel.snapshot)).toEqual([
      expect.objectContaining({ kind: "run", argv: ["python3", "/skillsign/offline-install.py", "pip", "vendor", "skillsign-demo-greeting"] }),
    ]);
    const none = await makeContext(fixture("benign-minimal"));
    expect(planInstall(none.skill.permissions.install, none.snapshot)).toEqual([]);
    const odd = planInstall([{ kind: "cargo", package: "ripgrep", bins: [], label: "" }], none.snapshot);
    expect(odd).toEqual([expect.objectContaining({ kind: "unsupported" })]);
  });

  it("is an error, never passed, when the engine is unreachable", async () => {
    const o = await build("benign-minimal", { DOCKER_HOST: "unix:///nonexistent/docker.sock" });
    expect(o.status).toBe("error");
    expect(o.reason).toMatch(/ENGINE_UNREACHABLE/);
  });
});

const HOST_PYTHON = spawnSync("python3", ["--version"], { stdio: "ignore" }).status === 0;

/** Runs our offline installer with the host's python3 in a scratch skill dir (fast; no engine). */
function installer(args: string[], setupDir: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), "skillsign-installer-"));
  writeFileSync(join(dir, "offline-install.py"), OFFLINE_INSTALLER_PY);
  mkdirSync(join(dir, "skill"));
  setupDir(join(dir, "skill"));
  const r = spawnSync("python3", [join(dir, "offline-install.py"), ...args], {
    cwd: join(dir, "skill"),
    encoding: "utf8",
    env: { PATH: process.env.PATH, PYTHONUSERBASE: join(dir, "userbase"), HOME: dir },
  });
  return { ...r, dir };
}

/** A tiny npm tarball; `extra` members test that nothing escapes node_modules/<name>. */
function npmTarball(path: string, extra: string[] = []): void {
  const py = `import io, sys, tarfile
def add(t, name, data):
    i = tarfile.TarInfo(name); i.size = len(data); t.addfile(i, io.BytesIO(data))
with tarfile.open(sys.argv[1], "w:gz") as t:
    add(t, "package/package.json", b'{"name": "left-pad-offline", "version": "1.0.0"}')
    add(t, "package/index.js", b"module.exports = 1;\\n")
    for n in sys.argv[2:]: add(t, n, b"escaped")`;
  expect(spawnSync("python3", ["-c", py, path, ...extra]).status).toBe(0);
}

describe.skipIf(!HOST_PYTHON)("build: offline installer", () => {
  it("unpacks vendored wheels into the user site-packages", () => {
    const r = installer(["pip", "vendor", "skillsign-demo-greeting"], (skill) => {
      mkdirSync(join(skill, "vendor"));
      const wheel = "skillsign_demo_greeting-1.0.0-py3-none-any.whl";
      copyFileSync(join(fixture("build-vendored-wheel"), "vendor", wheel), join(skill, "vendor", wheel));
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("installed skillsign_demo_greeting-1.0.0-py3-none-any.whl from vendored wheels");
    const use = spawnSync("python3", ["-c", "import skillsign_demo_greeting as g; print(g.greet('de'))"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, PYTHONUSERBASE: join(r.dir, "userbase"), HOME: r.dir },
    });
    expect(use.stdout.trim()).toBe("Hallo");
  });

  it("tries a URL requirement for real and stops with the network marker (exit 97)", () => {
    const r = installer(["pip", "-", "-r", "requirements.txt"], (skill) => {
      writeFileSync(join(skill, "requirements.txt"), "# comment\nhelper @ https://pkgs.example.invalid/helper-1.0.tar.gz\n");
    });
    expect(r.status).toBe(97);
    expect(r.stdout).toMatch(/^skillsign-network-needed: pip install helper @ https:\/\/pkgs\.example\.invalid\/helper-1\.0\.tar\.gz -> https:\/\/pkgs\.example\.invalid\/helper-1\.0\.tar\.gz: URLError/m);
  });

  it("installs a package-lock.json's vendored tarballs like npm ci --offline, and nothing outside the package dir", () => {
    const r = installer(["npm", "package-lock.json"], (skill) => {
      mkdirSync(join(skill, "vendor"));
      npmTarball(join(skill, "vendor", "left-pad-offline-1.0.0.tgz"), ["package/../../escaped.txt", "/tmp/skillsign-abs-escape.txt"]);
      writeFileSync(
        join(skill, "package-lock.json"),
        JSON.stringify({ lockfileVersion: 3, packages: { "": { name: "x" }, "node_modules/left-pad-offline": { version: "1.0.0", resolved: "file:vendor/left-pad-offline-1.0.0.tgz" } } }),
      );
    });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(r.dir, "skill/node_modules/left-pad-offline/index.js"))).toBe(true);
    expect(existsSync(join(r.dir, "skill/escaped.txt"))).toBe(false);
    expect(existsSync(join(r.dir, "escaped.txt"))).toBe(false);
    expect(existsSync("/tmp/skillsign-abs-escape.txt")).toBe(false);
  });

  it("sends a lockfile entry resolved from a registry to the network", () => {
    const r = installer(["npm", "package-lock.json"], (skill) => {
      writeFileSync(join(skill, "package-lock.json"), JSON.stringify({ packages: { "node_modules/x": { resolved: "https://registry.example.invalid/x/-/x-1.0.0.tgz" } } }));
    });
    expect(r.status).toBe(97);
    expect(r.stdout).toContain("skillsign-network-needed: npm ci (node_modules/x) -> https://registry.example.invalid/x/-/x-1.0.0.tgz");
  });
});

// Install steps run in gVisor containers and each build makes an SBOM: minutes on a loaded machine.
describe.skipIf(SKIP_SANDBOX)("build: real engine", { timeout: 240_000 }, () => {
  it("builds a vendored-wheel skill offline, then reuses the cached image in under a second", async () => {
    // One $SKILLSIGN_HOME for both runs: its prefetch cache makes the second run network-free.
    const home = mkdtempSync(join(tmpdir(), "skillsign-build-home-"));
    const first = await buildStage.run(await makeContext(fixture("build-vendored-wheel"), { home, processEnv: env(), stageTimeoutMs: 120_000 }));
    const tag = first.data?.imageTag as string;
    try {
      expect(first.status, first.reason ?? JSON.stringify(first.findings)).toBe("passed");
      expect(tag).toMatch(/^skillsign\/skill:[0-9a-f]{16}-[0-9a-f]{12}$/);
      // The wheel really got installed for the unprivileged user, and the skill is under /skill.
      const run = spawnSync("docker", ["run", "--rm", "--network", "none", tag, "python3", "/skill/scripts/greet.py", "fr"], { encoding: "utf8" });
      expect(run.stdout.trim()).toBe("Bonjour");
      const labels = spawnSync("docker", ["image", "inspect", "-f", `{{index .Config.Labels "${BUILD_LABEL}"}}`, tag], { encoding: "utf8" });
      expect(labels.stdout.trim()).toBe(BUILD_LABEL_VALUE);

      const ctx = await makeContext(fixture("build-vendored-wheel"), { home, processEnv: env(), stageTimeoutMs: 120_000 });
      const started = Date.now();
      const again = await buildStage.run(ctx);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(again).toMatchObject({ status: "passed", data: { imageTag: tag, cached: true } });
    } finally {
      if (tag) removeImage(tag);
    }
  });

  it("fails with build.requires-network when an install step fetches from the network", async () => {
    const hash = (await makeContext(fixture("build-network-install"))).snapshot.contentHash;
    const danglingBefore = danglingImages(hash);
    const o = await build("build-network-install");
    expect(danglingImages(hash).filter((id) => !danglingBefore.includes(id))).toEqual([]);
    expect(o.status).toBe("findings");
    expect(ids(o)).toEqual(["build.requires-network"]);
    const f = o.findings[0]!;
    expect(f.message).toBe("build requires network access: Install table helpers: pip install -r requirements.txt");
    // network mode none: the name never resolved, so nothing left the machine.
    expect(f.evidence).toContain("pkgs.example.invalid");
    expect(f.evidence).toMatch(/name resolution|Name or service not known|URLError/);
    expect(o.data?.imageTag).toBeUndefined();
  });

  it("runs install steps with no network interface but loopback (network mode none)", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "skillsign-netcheck-")), "build-netcheck");
    mkdirSync(dir);
    // gVisor has no /sys/class/net; its /proc/net/dev lists the sandbox's interfaces.
    const check = 'ifs=$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " " | tr "\\n" " "); echo "interfaces: $ifs"; test "$ifs" = "lo "';
    writeFileSync(
      join(dir, "SKILL.md"),
      `---\nname: build-netcheck\ndescription: "Generated test skill."\nmetadata:\n  openclaw:\n    install:\n      - kind: shell\n        command: ${JSON.stringify(check)}\n---\n\n# Net check\n`,
    );
    const o = await buildStage.run(await makeContext(dir, { processEnv: env(), stageTimeoutMs: 120_000 }));
    try {
      expect(o.status, JSON.stringify(o.findings)).toBe("passed");
    } finally {
      removeImage(o.data?.imageTag as string);
    }
  });

  it("builds a skill with a foreign Dockerfile on our base and reports the foreign base", async () => {
    const o = await build("build-foreign-base");
    try {
      expect(ids(o)).toEqual(["build.foreign-base-image"]);
      expect(o.data?.imageTag).toMatch(/^skillsign\/skill:/);
      const from = spawnSync("docker", ["run", "--rm", "--network", "none", o.data!.imageTag as string, "sh", "-c", "cat /etc/os-release; ls /skill"], { encoding: "utf8" });
      expect(from.stdout).toContain("bookworm");
      expect(from.stdout).toContain("Dockerfile");
    } finally {
      removeImage(o.data?.imageTag as string);
    }
  });

  it("aborts a build that runs forever at its timeout and leaves nothing behind", async () => {
    const started = Date.now();
    const running = build("build-hanging-install", { SKILLSIGN_BUILD_TIMEOUT_MS: "15000" });
    // The hanging step's container exists, carrying the build label, while the build runs...
    let seen: string[] = [];
    for (let i = 0; i < 90 && seen.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = containersWithLabel(`${BUILD_LABEL}=${BUILD_LABEL_VALUE}`);
    }
    expect(seen.length).toBeGreaterThan(0);
    const o = await running;
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(o.status).toBe("error");
    expect(o.reason).toContain("timed out after 15000 ms during Prepare the cache");
    expect(ids(o)).toEqual(["build.timeout"]);
    expect(containersWithLabel(`dev.skillsign.build-id=${o.data?.buildId as string}`)).toEqual([]);
    // ...and is gone afterwards, as is every image the build made (tagged, untagged or intermediate: all carry its
    // build id). Scoped to this build: other test files build in parallel, so global counts move under it.
    const ofThisBuild = spawnSync("docker", ["images", "-aq", "--filter", `label=dev.skillsign.build-id=${o.data?.buildId as string}`], { encoding: "utf8" });
    expect(ofThisBuild.stdout.trim()).toBe("");
  });

  it("stops a declared step that never exits (a server) at its own step timeout, names the step, and leaves nothing behind", async () => {
    const dir = generatedSkill("build-server-step", [
      { label: "Start the API", command: "node -e \"require('http').createServer().listen(8080, '127.0.0.1')\"" },
    ]);
    const started = Date.now();
    const o = await buildStage.run(await makeContext(dir, { processEnv: env({ SKILLSIGN_BUILD_STEP_TIMEOUT_MS: "4000" }), stageTimeoutMs: 120_000 }));
    // 4 s for the step, not the 5-minute build budget.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(o.status).toBe("findings");
    expect(ids(o)).toEqual(["build.step-timeout"]);
    expect(o.findings[0]!.message).toBe("install step did not finish within 4000 ms and was stopped: Start the API: shell: node -e \"require('http').createServer().listen(8080, '127.0.0.1')\"");
    expect(o.data?.imageTag).toBeUndefined();
    expect(containersWithLabel(`dev.skillsign.build-id=${o.data?.buildId as string}`)).toEqual([]);
    const ofThisBuild = spawnSync("docker", ["images", "-aq", "--filter", `label=dev.skillsign.build-id=${o.data?.buildId as string}`], { encoding: "utf8" });
    expect(ofThisBuild.stdout.trim()).toBe("");
  });

  it("runs install steps under gVisor with no setuid/setgid binaries, no capabilities, RLIMIT_NPROC 512 and a 64 MB /dev/shm", async () => {
    const check = [
      'test -z "$(find / -xdev -perm /6000 -type f 2>/dev/null)" || { echo "setuid left"; exit 1; }',
      'test "$(bash -c "ulimit -u")" = 512 || { bash -c "ulimit -u"; exit 1; }',
      'test "$(df -k /dev/shm | awk \'NR==2{print $2}\')" = 65536 || { df -k /dev/shm; exit 1; }',
      "test \"$(id -u)\" != 0",
      'grep -q "^CapEff:.0000000000000000" /proc/self/status || { grep Cap /proc/self/status; exit 1; }',
      // The runtime, seen from inside the step: gVisor's kernel log.
      'dmesg | grep -q "Starting gVisor" || { dmesg | head -3; exit 1; }',
    ].join(" && ");
    const o = await buildStage.run(await makeContext(generatedSkill("build-hardening", [{ label: "Check", command: check }]), { processEnv: env(), stageTimeoutMs: 120_000 }));
    try {
      expect(o.status, JSON.stringify(o.findings)).toBe("passed");
      expect(o.data?.installRuntime).toBe("runsc");
    } finally {
      removeImage(o.data?.imageTag as string);
    }
  });

  it("names cached images by content hash, base digest and build recipe", () => {
    const key = createHash("sha256").update(`${"b".repeat(64)}:${BUILD_RECIPE}`).digest("hex").slice(0, 12);
    expect(skillImageTag("a".repeat(64), "b".repeat(64))).toBe(`skillsign/skill:${"a".repeat(16)}-${key}`);
  });
});
