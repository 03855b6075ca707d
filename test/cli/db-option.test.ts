// One name for the store across commands (issue 14): `serve` and `worker` take `--db URL` and,
// like submit/ci/status/review/tokens/settings, read SKILLSIGN_DB when the flag is absent; the
// flag wins. Checked through the real CLI: the SQLite file appears where the setting points.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureDist } from "../helpers/build.js";
import { tempDir } from "../signing/helpers.js";

const BIN = join(resolve(import.meta.dirname, "..", ".."), "dist", "bin", "skillsign.js");

beforeAll(() => ensureDist());

/** Runs a long-lived command until `ready` matches its output and `file` exists, then SIGTERM; returns output and exit code. */
async function runUntil(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, file: string): Promise<{ out: string; code: number | null }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, CI: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const deadline = Date.now() + 30_000;
  while (!(ready.test(out) && existsSync(file)) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  child.kill("SIGTERM");
  return { out, code: await exited };
}

describe("--db and SKILLSIGN_DB name the store for serve and worker too", () => {
  it.each(["serve", "worker"])("%s --help shows --db <url> with (env: SKILLSIGN_DB)", (cmd) => {
    const r = spawnSync(process.execPath, [BIN, cmd, "--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout.replace(/\s+/g, " ")).toMatch(/--db <url> .{0,200}?\(env: SKILLSIGN_DB\)/); // help wraps long lines
  });

  // [command, its other flags, the line that says it is up, the store file SKILLSIGN_DB names]
  it.each([
    ["serve", ["--listen", "127.0.0.1:0", "--no-local-worker"], /listening on http:\/\/127\.0\.0\.1:\d+/, "env.db"],
    ["worker", [], /taking jobs/, "queue.db"],
  ] as const)("%s opens the store SKILLSIGN_DB names, and --db wins over it", async (cmd, rest, ready, dbName) => {
    const dir = tempDir("skillsign-db-option-");
    const env = { SKILLSIGN_HOME: join(dir, "home"), SKILLSIGN_DB: join(dir, dbName) };
    const fromEnv = await runUntil([cmd, ...rest], env, ready, env.SKILLSIGN_DB);
    expect(fromEnv.out).toMatch(ready);
    expect(fromEnv.code).toBe(143);
    expect(existsSync(env.SKILLSIGN_DB)).toBe(true);
    expect(existsSync(join(dir, "home", "skillsign.db"))).toBe(false);

    const flag = join(dir, "flag.db");
    const env2 = { ...env, SKILLSIGN_DB: join(dir, "env2.db") };
    const fromFlag = await runUntil([cmd, "--db", flag, ...rest], env2, ready, flag);
    expect(fromFlag.code).toBe(143);
    expect(existsSync(flag)).toBe(true);
    expect(existsSync(env2.SKILLSIGN_DB)).toBe(false);
  });
});
