import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { frozenCli } from "../../bench/concurrency/frozen-build.mjs";
import { generateKeyPair } from "../../src/signing/index.js";

export const REPO = resolve(import.meta.dirname, "../..");
// A private copy of dist/: other engineers rebuilding dist/ mid-run cannot break a spawned CLI.
export const CLI = frozenCli();
export const FIXTURES = join(REPO, "test/fixtures/skills");
/** Static stages the store tests need; the sandbox and semgrep are not the point here. */
export const SKIP_UNNEEDED = ["--skip", "semgrep,dependencies,build,image-scan,behavior"];
export const PASSPHRASE = "store-test-passphrase-CANARY";

export interface Sandbox {
  root: string;
  home: string;
  policy: string;
  keyPath: string;
  trustPath: string;
  env: NodeJS.ProcessEnv;
  /** The same environment with the signing key configured. */
  signingEnv: NodeJS.ProcessEnv;
}

/** A fresh SKILLSIGN_HOME, a test policy that requires only manifest + patterns, and a fast key. */
export async function makeSandbox(required: string[] = ["manifest", "patterns"]): Promise<Sandbox> {
  const root = mkdtempSync(join(tmpdir(), "skillsign-wf-"));
  const home = join(root, "home");
  const policy = join(root, "policy.yaml");
  writeFileSync(policy, testPolicy(required));
  const key = await generateKeyPair(join(root, "keys"), { passphrase: PASSPHRASE, scryptN: 2 ** 10 });
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("SKILLSIGN_") && k !== "FORCE_COLOR") base[k] = v;
  const env = { ...base, SKILLSIGN_HOME: home, CI: "1", NO_COLOR: "1", SKILLSIGN_ACTOR: "creator-test" };
  return {
    root,
    home,
    policy,
    keyPath: key.keyPath,
    trustPath: key.trustPath,
    env,
    signingEnv: { ...env, SKILLSIGN_SIGNING_KEY: key.keyPath, SKILLSIGN_KEY_PASSPHRASE: PASSPHRASE },
  };
}

export function testPolicy(required: string[]): string {
  return `schemaVersion: 1
required: [${required.join(", ")}]
findings:
  critical: { high: reject, medium: review, low: review }
  high:     { high: review, medium: review, low: review }
  medium:   { high: review, medium: review, low: review }
  low:      { high: pass,   medium: pass,   low: pass }
  info:     { high: pass,   medium: pass,   low: pass }
`;
}

/** Copies a fixture out of the repo (signatures are written beside the folder). */
export function copyFixture(sb: Sandbox, name: string, as = name): string {
  const dest = join(sb.root, "skills", as);
  cpSync(join(FIXTURES, name), dest, { recursive: true });
  return dest;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], env: NodeJS.ProcessEnv, cwd = REPO): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

/** Read-only view of the database for assertions (never used to write). */
export function openDb(sb: Sandbox): Database.Database {
  return new Database(join(sb.home, "skillsign.db"), { readonly: true, fileMustExist: true });
}

export function submissionId(stdout: string): number {
  const m = /submission (\d+):/.exec(stdout);
  if (!m) throw new Error(`no submission id in output:\n${stdout}`);
  return Number(m[1]);
}

/** The shell form `skillsign … | head -c 1`: the first byte, the CLI's own exit status (PIPESTATUS) and its stderr. */
export function headPipe(args: string[], env: NodeJS.ProcessEnv, cwd: string): { code: number; stderr: string; head: string } {
  const script = `"$@" 2>"$ERR_FILE" | head -c 1; echo " \${PIPESTATUS[0]}"; cat "$ERR_FILE" >&2`;
  const r = spawnSync("bash", ["-c", script, "bash", process.execPath, CLI, ...args], { env: { ...env, ERR_FILE: join(cwd, `err-${process.hrtime.bigint()}`) }, cwd, encoding: "utf8" });
  const m = / (\d+)\n$/.exec(r.stdout);
  if (!m) throw new Error(`no status in ${JSON.stringify(r.stdout)}: ${r.stderr}`);
  return { code: Number(m[1]), stderr: r.stderr, head: r.stdout.slice(0, r.stdout.length - m[0].length) };
}
