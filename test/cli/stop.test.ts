import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../workflow/cli-harness.js";
import { SKIP_SANDBOX } from "../sandbox/engine.js";

const OWNER = "dev.skillsign.owner";
const RUNSC_LOGS = "/var/log/skillsign-runsc";
const PREFIXES = ["skillsign-behavior-", "skillsign-build-", "skillsign-trivy-", "skillsign-scan-"];

interface Run {
  tmp: string;
  env: NodeJS.ProcessEnv;
}

/** A private TMPDIR and SKILLSIGN_HOME per case, so what is "left" is only this run's doing. */
function newRun(): Run {
  const tmp = mkdtempSync(join(tmpdir(), "skillsign-stoptest-"));
  const home = mkdtempSync(join(tmpdir(), "skillsign-stoptest-home-"));
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("SKILLSIGN_") && k !== "FORCE_COLOR") env[k] = v;
  return { tmp, env: { ...env, TMPDIR: tmp, SKILLSIGN_HOME: home, NO_COLOR: "1", SKILLSIGN_TRIVY_CACHE_DIR: join(tmpdir(), "skillsign-test-trivy-cache") } };
}

function skill(name: string, files: Record<string, string>, install?: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "skillsign-stoptest-skill-")), name);
  mkdirSync(join(dir, "scripts"), { recursive: true });
  const steps = install ? `metadata:\n  openclaw:\n    install:\n      - kind: shell\n        label: Prepare\n        command: ${JSON.stringify(install)}\n` : "";
  writeFileSync(join(dir, "SKILL.md"), `---\nname: ${name}\ndescription: "Generated stop test skill."\n${steps}---\n\n# ${name}\n\nRun \`sh scripts/run.sh\` to sync.\n`);
  for (const [rel, text] of Object.entries(files)) {
    writeFileSync(join(dir, rel), text);
    chmodSync(join(dir, rel), 0o755);
  }
  return dir;
}

function startScan(run: Run, dir: string, extra: string[] = []): ChildProcess {
  return spawn(process.execPath, [CLI, "scan", "--sandbox", "--skip", "semgrep,dependencies,image-scan", "--json", ...extra, dir], { env: run.env, stdio: "ignore" });
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null ? r(c.exitCode) : c.on("exit", (code) => r(code))));

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 180_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Containers (any state) and images whose owner label names this pid. */
function owned(kind: "ps" | "images", pid: number): string[] {
  const args = kind === "ps" ? ["ps", "-a"] : ["images", "-a"];
  const out = spawnSync("docker", [...args, "--filter", `label=${OWNER}`, "--format", `{{.ID}} {{.Label "${OWNER}"}}`], { encoding: "utf8" }).stdout;
  return out.split("\n").filter((l) => l.includes(`:${pid}:`)).map((l) => l.split(" ")[0]!);
}

const tempLeft = (run: Run) => readdirSync(run.tmp).filter((n) => PREFIXES.some((p) => n.startsWith(p)));

/** The canary values of a behaviour run: the bait files skillsign put in the workspace home. */
function canariesOf(workspace: string): string[] {
  const values = new Set<string>();
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (!n.startsWith(".bash") && n !== ".profile") for (const m of readFileSync(p, "utf8").matchAll(/[A-Za-z0-9+/_-]{20,}/g)) if (/\d/.test(m[0]) && /[A-Za-z]/.test(m[0])) values.add(m[0]);
    }
  };
  walk(join(workspace, "home"));
  return [...values];
}

/** Files under these dirs that contain any of the values (grep -rlF). */
function filesHolding(dirs: string[], values: string[]): string[] {
  const pat = join(mkdtempSync(join(tmpdir(), "skillsign-stoptest-pat-")), "p");
  writeFileSync(pat, values.join("\n"));
  const r = spawnSync("grep", ["-rlFf", pat, ...dirs.filter(existsSync)], { encoding: "utf8" });
  return r.stdout.split("\n").filter(Boolean);
}

/** Starts a scan that reaches its behaviour command (sleeps 60 s) and returns its workspace's canaries. */
async function midBehaviour(run: Run): Promise<{ child: ChildProcess; canaries: string[] }> {
  const child = startScan(run, skill("stop-behaviour", { "scripts/run.sh": "#!/bin/sh\ncat ~/.aws/credentials >/dev/null\nsleep 60\n" }));
  const pid = child.pid!;
  const ws = await until("the behaviour workspace and container", () => {
    const w = readdirSync(run.tmp).find((n) => n.startsWith(`skillsign-behavior-${pid}-`));
    return w && owned("ps", pid).length > 0 && existsSync(join(run.tmp, w, "home", ".aws")) ? join(run.tmp, w) : undefined;
  });
  await new Promise((r) => setTimeout(r, 2_000)); // the command is running and runsc is logging
  const canaries = canariesOf(ws);
  expect(canaries.length).toBeGreaterThan(2);
  return { child, canaries };
}

async function midBuild(run: Run): Promise<ChildProcess> {
  const child = startScan(run, skill("stop-build", { "scripts/run.sh": "#!/bin/sh\necho hi\n" }, "mkdir -p .cache && sleep 100000"));
  await until("the build step container", () => (owned("ps", child.pid!).length > 0 ? true : undefined));
  return child;
}

/** The next run: a quick build-only scan; its sweep removes what a SIGKILLed run left. */
async function nextRun(run: Run): Promise<void> {
  const next = spawn(process.execPath, [CLI, "scan", "--sandbox", "--only", "build", "--json", skill("stop-next", { "scripts/run.sh": "#!/bin/sh\necho hi\n" })], { env: run.env, stdio: "ignore" });
  expect(await exited(next)).not.toBe(3);
}

function expectNothingLeft(run: Run, pid: number, canaries: string[] = []): void {
  expect(owned("ps", pid)).toEqual([]);
  expect(owned("images", pid)).toEqual([]);
  expect(tempLeft(run)).toEqual([]);
  if (canaries.length) expect(filesHolding([run.tmp, RUNSC_LOGS], canaries)).toEqual([]);
}

describe.skipIf(SKIP_SANDBOX)("stopping scan --sandbox", () => {
  it("SIGTERM mid-behaviour: exits 143 within the grace period; container, workspace and canary-bearing runsc logs are gone", async () => {
    const run = newRun();
    const { child, canaries } = await midBehaviour(run);
    const stopped = Date.now();
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(143);
    expect(Date.now() - stopped).toBeLessThan(35_000);
    expectNothingLeft(run, child.pid!, canaries);
  }, 300_000);

  it("SIGKILL mid-behaviour: the next run's sweep removes the running container, the bait workspace and the runsc logs", async () => {
    const run = newRun();
    const { child, canaries } = await midBehaviour(run);
    // Under load the guest's write can come later than midBehaviour's two seconds: wait for runsc to log it.
    await until("runsc to log the guest's write of the canaries", () => (filesHolding([RUNSC_LOGS], canaries).length > 0 ? true : undefined));
    child.kill("SIGKILL");
    await exited(child);
    // Proof the case is real: the kill left the container and the bait behind.
    expect(owned("ps", child.pid!).length).toBeGreaterThan(0);
    expect(filesHolding([run.tmp], canaries).length).toBeGreaterThan(0);
    // The guest wrote the credentials to /dev/null: runsc logged that write, canaries included.
    expect(filesHolding([RUNSC_LOGS], canaries).length).toBeGreaterThan(0);
    await nextRun(run);
    expectNothingLeft(run, child.pid!, canaries);
  }, 300_000);

  it("SIGTERM mid-build: exits 143; build containers, labelled images and the build context are gone", async () => {
    const run = newRun();
    const child = await midBuild(run);
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(143);
    expectNothingLeft(run, child.pid!);
  }, 300_000);

  it("SIGINT (Ctrl-C) mid-build: exits 130 and leaves nothing", async () => {
    const run = newRun();
    const child = await midBuild(run);
    child.kill("SIGINT");
    expect(await exited(child)).toBe(130);
    expectNothingLeft(run, child.pid!);
  }, 300_000);

  it("SIGKILL mid-build: the next run's sweep removes the build's containers, images and context", async () => {
    const run = newRun();
    const child = await midBuild(run);
    child.kill("SIGKILL");
    await exited(child);
    expect(tempLeft(run).length).toBeGreaterThan(0);
    await nextRun(run);
    // The engine may still be finishing the cut build when the sweep runs: allow it a moment, then sweep again.
    if (owned("ps", child.pid!).length || owned("images", child.pid!).length) {
      console.log("stop test: the engine was still finishing the cut build at the first sweep; sweeping again");
      await new Promise((r) => setTimeout(r, 5_000));
      await nextRun(run);
    }
    expectNothingLeft(run, child.pid!);
  }, 300_000);
});
