// Commands load only what they use (issue 14): `NAME --help` must not load the store, the
// database drivers, the queue, the HTTP server, Docker or any stage's code, and a scan loads
// only the stages it runs. Modules are observed with a real loader hook (./loaded-modules.ts,
// shared with the light verify entry's test), so a static import that drags the store back into a
// command fails here.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/main.js";
import { ensureDist } from "../helpers/build.js";
import { tempDir } from "../signing/helpers.js";
import { loadedOf, packagesOf, srcOf, writeLoadHook } from "./loaded-modules.js";

const REPO = resolve(import.meta.dirname, "..", "..");
const BIN = join(REPO, "dist", "bin", "skillsign.js");
/** Database drivers, the queue, the HTTP server, Docker, the TTY spinner. */
const HEAVY_PACKAGES = ["better-sqlite3", "pg", "pg-boss", "fastify", "dockerode", "ora"];
/** What a command's `--help` may load: commander, and the signing commands' small crypto/JSON packages. */
const HELP_PACKAGES = /^(commander|canonicalize|@noble\/|@tufjs\/)/;
/** skillsign's own store/queue/server code. store/liveness.js only reads /proc (no database): scan's pipeline checks owners with it. */
const HEAVY_SRC = /^(store\/(?!liveness\.js$)|queue\/|service\/(server|db|routes))/;
let root: string;
let hook: string;
let skill: string;

function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ["--import", hook, BIN, ...args], {
    env: { ...process.env, SKILLSIGN_HOME: join(root, "home"), NO_COLOR: "1", CI: "1", SKILLSIGN_DB: "", SKILLSIGN_TIMING: "", ...extraEnv },
    encoding: "utf8",
  });
  const loaded = loadedOf(r.stderr);
  const timing = r.stderr.split("\n").filter((l) => l.startsWith("skillsign-timing: "));
  return { code: r.status, stdout: r.stdout, loaded, timing };
}

/** Stage implementations (a stage's index.js and what only it imports); info.js/output.js are the registry's light facts. */
const stageCode = (files: string[]) => files.filter((f) => /^stages\/[a-z-]+\/index\.js$/.test(f));

beforeAll(() => {
  ensureDist();
  root = tempDir("skillsign-help-loads-");
  hook = writeLoadHook(root);
  skill = join(root, "tiny-skill");
  mkdirSync(skill);
  writeFileSync(join(skill, "SKILL.md"), "---\nname: tiny-skill\ndescription: A one-file skill for the load test.\n---\n\n# tiny-skill\n\nSay hello.\n");
});

describe("commands load only what they use", () => {
  const helps = [...COMMANDS.map((c) => c.name), "review approve", "review list", "tokens create", "settings show"];
  it.each(helps)("%s --help loads no store, database driver, queue, server, Docker or stage code", (words) => {
    const r = run([...words.split(" "), "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: skillsign|^skillsign setup:/); // setup prints its own (shell) help
    expect(r.loaded.length).toBeGreaterThan(5); // the hook saw the modules
    expect(packagesOf(r.loaded).filter((p) => HEAVY_PACKAGES.includes(p))).toEqual([]);
    const src = srcOf(r.loaded);
    expect(src.filter((f) => HEAVY_SRC.test(f))).toEqual([]);
    expect(stageCode(src)).toEqual([]);
    // Only the option declarations: no policy schema (zod), YAML, pipeline or report code until the action runs.
    expect(packagesOf(r.loaded).filter((p) => !HELP_PACKAGES.test(p))).toEqual([]);
    expect(src.filter((f) => /^(pipeline\/run|report\/(?!report\.types)|verdict\/policy)/.test(f))).toEqual([]);
  });

  it("scan --only manifest loads the manifest stage's code and no other stage's, and no spinner off a TTY", () => {
    const r = run(["scan", skill, "--only", "manifest"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("tiny-skill");
    expect(stageCode(srcOf(r.loaded))).toEqual(["stages/manifest/index.js"]);
    expect(packagesOf(r.loaded).filter((p) => HEAVY_PACKAGES.includes(p))).toEqual([]);
  });

  it("SKILLSIGN_TIMING=1 prints the first stage start once (bench/startup reads it); nothing without it", () => {
    const on = run(["scan", skill, "--only", "manifest"], { SKILLSIGN_TIMING: "1" });
    expect(on.code).toBe(0);
    expect(on.timing).toHaveLength(1);
    const ms = Number(/^skillsign-timing: first-stage-start ([\d.]+) ms$/.exec(on.timing[0]!)?.[1]);
    expect(ms).toBeGreaterThan(0);
    expect(run(["scan", skill, "--only", "manifest"]).timing).toEqual([]);
  });

  it("a default scan loads exactly the static stages' code", () => {
    const r = run(["scan", skill]);
    expect(r.code).toBe(0);
    expect(stageCode(srcOf(r.loaded)).sort()).toEqual(["dependencies", "manifest", "patterns", "secrets", "semgrep"].map((s) => `stages/${s}/index.js`));
  });
});
