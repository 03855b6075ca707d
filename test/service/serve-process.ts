import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CLI = join(__dirname, "..", "..", "dist", "bin", "skillsign.js");

export interface ServeProcess {
  dir: string;
  db: string;
  url: string;
  env: NodeJS.ProcessEnv;
  proc: ChildProcess;
  output: () => string;
  cli(args: string[]): string;
  stop(): Promise<void>;
}

/**
 * Starts the real `skillsign serve` (dist/) on 127.0.0.1:0 over a fresh SQLite store, with a
 * generated signing key, and waits for its "listening on" line.
 */
export async function startServe(extraArgs: string[] = [], o: { db?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ServeProcess> {
  const dir = mkdtempSync(join(tmpdir(), "skillsign-serve-test-"));
  const home = join(dir, "home");
  mkdirSync(home);
  const db = o.db ?? join(dir, "store.db");
  const env: NodeJS.ProcessEnv = { ...process.env, SKILLSIGN_HOME: home, SKILLSIGN_KEY_PASSPHRASE: "test-passphrase-not-secret", ...o.env };
  const cli = (args: string[]) => execFileSync("node", [CLI, ...args], { env, stdio: ["ignore", "pipe", "pipe"] }).toString();
  cli(["keys", "generate", "--out", join(dir, "keys")]);
  env.SKILLSIGN_SIGNING_KEY = join(dir, "keys", "skillsign.key");
  const proc = spawn("node", [CLI, "serve", "--db", db, "--listen", "127.0.0.1:0", ...extraArgs], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  proc.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 30_000);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on("data", check);
    proc.on("exit", (code) => reject(new Error(`serve exited ${code}:\n${out}`)));
  });
  return {
    dir,
    db,
    url,
    env,
    proc,
    output: () => out,
    cli,
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function waitForState(url: string, token: string, id: number, done: (s: { state: string }) => boolean, ms = 180_000): Promise<Record<string, unknown>> {
  const until = Date.now() + ms;
  for (;;) {
    const s = (await (await fetch(`${url}/v1/submissions/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { state: string };
    if (done(s)) return s;
    if (Date.now() > until) throw new Error(`submission ${id} still ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
