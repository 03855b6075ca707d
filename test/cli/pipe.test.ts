// Every command that prints survives a reader that goes away: `skillsign … | head -c 1` and a
// stdout whose reader closed before the first write. Exit 141 (128 + SIGPIPE) for the latter,
// never a stack trace or an EPIPE message. Runs the real CLI (a frozen copy of dist/).
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, PASSPHRASE, SKIP_UNNEEDED, cli, copyFixture, headPipe, makeSandbox, submissionId, type Sandbox } from "../workflow/cli-harness.js";

interface Case {
  name: string;
  args: string[];
  /** Exit code of the command when nobody closes its output (checked when given). */
  code?: number;
  signing?: boolean;
  writesOnce?: boolean;
}

/** The reader closes before the child writes anything: every write fails with EPIPE. */
function closedReader(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code, signal) => done({ code, signal, stderr }));
  });
}

const NO_TRACE = /\n\s+at |EPIPE|ERR_STREAM|Unhandled|node:internal/;

describe("a closed output pipe (every command that prints)", { timeout: 600_000 }, () => {
  let sb: Sandbox;
  const cases: Case[] = [];

  beforeAll(async () => {
    sb = await makeSandbox();
    const reviewSkill = copyFixture(sb, "store-borderline-autorun");
    const benign = copyFixture(sb, "benign-minimal");
    const signed = copyFixture(sb, "benign-minimal", "../signed/benign-minimal");
    const sub = await cli(["submit", reviewSkill, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.env);
    expect(sub.code, sub.stderr).toBe(10);
    const id = String(submissionId(sub.stdout));
    const sign = await cli(["sign", signed, "--key", sb.keyPath], sb.signingEnv);
    expect(sign.code, sign.stderr).toBe(0);
    mkdirSync(join(sb.root, "installed"));
    const keyDirs = ["gen1", "gen2"].map((d) => join(sb.root, d));
    const trustInit = ["trust", "init", "--dir", join(sb.root, "T"), "--root-key", sb.keyPath, "--targets-key", sb.keyPath, "--timestamp-key", sb.keyPath, "--signing-key", sb.keyPath];
    cases.push(
      { name: "--version", args: ["--version"], code: 0 },
      { name: "--help", args: ["--help"], code: 0 },
      { name: "scan --help", args: ["scan", "--help"], code: 0 },
      { name: "scan (human)", args: ["scan", benign, "--skip", "semgrep,dependencies"] },
      { name: "scan --json", args: ["scan", reviewSkill, "--json", "--skip", "semgrep,dependencies"] },
      { name: "scan --format sarif", args: ["scan", reviewSkill, "--format", "sarif", "--skip", "semgrep,dependencies"] },
      { name: "submit", args: ["submit", benign, "--policy", sb.policy, ...SKIP_UNNEEDED], code: 0 },
      { name: "submit --json", args: ["submit", reviewSkill, "--json", "--policy", sb.policy, ...SKIP_UNNEEDED], code: 10 },
      { name: "ci", args: ["ci", reviewSkill, "--policy", sb.policy, ...SKIP_UNNEEDED], code: 10 },
      { name: "status", args: ["status", id], code: 0 },
      { name: "status --json", args: ["status", id, "--json"], code: 0 },
      { name: "history", args: ["history", "store-borderline-autorun"], code: 0 },
      { name: "review list", args: ["review", "list"], code: 0 },
      { name: "review list --json", args: ["review", "list", "--json"], code: 0 },
      { name: "review show", args: ["review", "show", id], code: 0 },
      { name: "review show --json", args: ["review", "show", id, "--json"], code: 0 },
      { name: "verify", args: ["verify", signed, "--trust", sb.trustPath], code: 0 },
      { name: "verify --json", args: ["verify", signed, "--trust", sb.trustPath, "--json"], code: 0 },
      { name: "verify --all", args: ["verify", "--all", join(sb.root, "installed"), "--trust", sb.trustPath], code: 0 },
      { name: "doctor", args: ["doctor"] },
      { name: "doctor --json", args: ["doctor", "--json"] },
      { name: "install", args: ["install", signed, "--into", join(sb.root, "installed"), "--trust", sb.trustPath], writesOnce: true },
      { name: "keys generate", args: ["keys", "generate", "--out", keyDirs[0]!], signing: true, writesOnce: true },
      { name: "keys list", args: ["keys", "list", "--trust", sb.trustPath], code: 0 },
      { name: "keys list --json", args: ["keys", "list", "--trust", sb.trustPath, "--json"], code: 0 },
      { name: "trust init", args: trustInit, signing: true, writesOnce: true },
      { name: "sign", args: ["sign", signed, "--key", sb.keyPath, "--out", join(sb.root, "manual.skillsig.json")], code: 0, signing: true },
      { name: "completion bash", args: ["completion", "bash"], code: 0 },
      { name: "completion fish", args: ["completion", "fish"], code: 0 },
      { name: "usage error", args: ["scan", "--bogus"], code: 2 },
    );
  });

  it("`| head -c 1`: the first byte arrives, the CLI ends with its own code or 141, and no trace", async () => {
    const seen: string[] = [];
    for (const c of cases) {
      if (c.writesOnce) continue; // keys generate / trust init refuse a second run: the closed-reader test runs them
      const env = c.signing ? sb.signingEnv : sb.env;
      const plain = await cli(c.args, env, sb.root);
      if (c.code !== undefined) expect(plain.code, `${c.name}: ${plain.stderr}`).toBe(c.code);
      const r = headPipe(c.args, env, sb.root);
      expect(r.stderr, c.name).not.toMatch(NO_TRACE);
      expect([plain.code, 141], c.name).toContain(r.code);
      if (plain.stdout.length > 0) expect(r.head, `${c.name}: one byte through head`).toBe(plain.stdout[0]);
      seen.push(`${c.name}=${r.code}`);
    }
    expect(seen.length).toBeGreaterThan(20);
  });

  it("a reader that closed before the first write: exit 141, nothing on stderr but the tool's own lines", async () => {
    for (const c of cases) {
      const r = await closedReader(c.args, c.signing ? sb.signingEnv : sb.env, sb.root);
      expect(r.signal, c.name).toBeNull();
      expect(r.stderr, c.name).not.toMatch(NO_TRACE);
      // A usage error writes only to stderr: it keeps its own code.
      expect(r.code, `${c.name}: ${r.stderr}`).toBe(c.name === "usage error" ? 2 : 141);
    }
  });

  it("a long JSON report into `head -c 100` (several pipe buffers): exit 141, no trace", async () => {
    const many = join(sb.root, "many");
    for (let i = 0; i < 30; i++) copyFixture(sb, "store-borderline-autorun", `../many/skill-${i}`);
    const r = headPipe(["scan", many, "--json", "--skip", "semgrep,dependencies"], sb.env, sb.root);
    expect(r.stderr).not.toMatch(NO_TRACE);
    expect(r.code).toBe(141);
  });

  it("the passphrase in the environment never reaches stderr when the pipe closes", async () => {
    const r = await closedReader(["keys", "generate", "--out", join(sb.root, "gen3")], sb.signingEnv, sb.root);
    expect(r.code).toBe(141);
    expect(r.stderr).not.toContain(PASSPHRASE);
  });
});
