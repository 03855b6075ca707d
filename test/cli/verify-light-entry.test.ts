// The light entry (bin → src/cli/light-main.ts) a runtime calls at boot: it must load only what
// verification needs (no commander, no Docker/SSH/PostgreSQL/SQLite, no stages), and hand help and
// unusual argv to commander so usage stays the same. Modules are observed with a real loader hook
// (./loaded-modules.ts).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseLightArgs } from "../../src/cli/light-args.js";
import { ensureDist } from "../helpers/build.js";
import { newSigner, signFolder, tempDir, trustEntry, trustOf, writeSkill } from "../signing/helpers.js";
import { loadedOf, packagesOf, srcOf, writeLoadHook } from "./loaded-modules.js";

const REPO = resolve(import.meta.dirname, "..", "..");
const BIN = join(REPO, "dist", "bin", "skillsign.js");
/** Packages verification needs: canonical JSON, Ed25519 (noble is the strict fallback); yaml only for a header that is not plain. */
const ALLOWED_PACKAGES = new Set(["canonicalize", "@noble/ed25519"]);
/** dist/src folders and cli files the light entry may load. */
const ALLOWED_SRC = /^(signing|snapshot|skill|config)\/|^cli\/(light-main|light-args|verify|install|exit-codes|closed-pipe)\.js$|^[a-z-]+\.js$/;
let root: string;
let home: string;
let skills: string;
let trustPath: string;
let hook: string;

function run(args: string[], withHook = false) {
  const pre = withHook ? ["--import", hook] : [];
  const r = spawnSync(process.execPath, [...pre, BIN, ...args], { env: { ...process.env, SKILLSIGN_HOME: home }, encoding: "utf8" });
  const loaded = loadedOf(r.stderr);
  const stderr = r.stderr.split("\n").filter((l) => !l.startsWith("LOADED ")).join("\n");
  return { code: r.status, stdout: r.stdout, stderr, loaded };
}

beforeAll(async () => {
  ensureDist();
  root = tempDir("skillsign-light-");
  home = join(root, "home");
  skills = join(root, "skills");
  mkdirSync(skills);
  const signer = newSigner();
  for (const name of ["alpha", "beta"]) await signFolder(writeSkill(skills, name), signer, home);
  const quoted = `---\nname: gamma\ndescription: "Quoted: a header the plain reader leaves to the yaml library."\n---\n# gamma\n`;
  await signFolder(writeSkill(join(root, "other"), "gamma", { "SKILL.md": quoted }), signer, home);
  trustPath = join(root, "trust.json");
  writeFileSync(trustPath, JSON.stringify(trustOf(trustEntry(signer))));
  hook = writeLoadHook(root);
});

describe("the light verify entry", () => {
  it.each([
    ["verify DIR", () => ["verify", join(skills, "alpha"), "--trust", trustPath]],
    ["verify --all --json", () => ["verify", "--all", skills, "--trust", trustPath, "--json"]],
    ["install --into", () => ["install", join(skills, "beta"), `--into=${join(root, "installed")}`, "--trust", trustPath]],
  ])("%s loads no commander and nothing but verification code", (_label, args) => {
    const r = run(args(), true);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.loaded.length).toBeGreaterThan(10); // the hook saw the modules
    expect(packagesOf(r.loaded).filter((p) => !ALLOWED_PACKAGES.has(p))).toEqual([]);
    expect(srcOf(r.loaded).filter((f) => !ALLOWED_SRC.test(f))).toEqual([]);
  });

  it("loads yaml only for a header that is not plain, and still verifies it", () => {
    const r = run(["verify", join(root, "other", "gamma"), "--trust", trustPath], true);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(packagesOf(r.loaded)).toContain("yaml");
    expect(packagesOf(r.loaded).filter((p) => p !== "yaml" && !ALLOWED_PACKAGES.has(p))).toEqual([]);
  });

  it("hands help and usage errors to commander, with commander's exit codes", () => {
    const help = run(["verify", "--help"], true);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: skillsign verify");
    expect(packagesOf(help.loaded)).toContain("commander");
    const unknown = run(["verify", join(skills, "alpha"), "--bogus"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
    // One error format on the light path too (commander's own "error: …" is rewritten).
    expect(unknown.stderr).toMatch(/^skillsign: error \[USAGE_ERROR\]: unknown option '--bogus'/m);
    expect(unknown.stderr).not.toMatch(/^error:/m);
    const noInto = run(["install", join(skills, "alpha")]);
    expect(noInto.code).toBe(2);
    expect(noInto.stderr).toContain("--into");
    const nothing = run(["verify"]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("USAGE_ERROR");
  });

  it("reads only the boot-check argv forms itself", () => {
    expect(parseLightArgs(["verify", "d", "--trust", "t", "--json"])).toEqual({ command: "verify", dir: "d", flags: { trust: "t", json: true } });
    expect(parseLightArgs(["verify", "--all=s", "--state", "x"])).toEqual({ command: "verify", dir: undefined, flags: { all: "s", state: "x" } });
    expect(parseLightArgs(["install", "d", "--into", "s"])).toEqual({ command: "install", dir: "d", flags: { into: "s" } });
    for (const argv of [
      ["verify", "--help"],
      ["verify", "-h"],
      ["verify", "d", "--trust"],
      ["verify", "d", "--trust", "--json"],
      ["verify", "d", "--trust", "a", "--trust", "b"],
      ["verify", "d", "e"],
      ["verify", "d", "--into", "s"],
      ["verify", "d", "--json=yes"],
      ["verify", "d", "--", "x"],
      ["install", "d"],
      ["install", "--into", "s"],
      ["keys", "list"],
    ]) {
      expect(parseLightArgs(argv), argv.join(" ")).toBeUndefined();
    }
  });
});
