import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { platformBaseImage } from "../../src/stages/image-build/base-image.js";

const ROOT = resolve(import.meta.dirname, "../..");
const TAG = /^SKILLSIGN_BASE_TAG=(\S+)$/m.exec(readFileSync(join(ROOT, "docker/base-image.env"), "utf8"))![1]!;

/** The repository scripts/setup builds and checks (load_base_env), under the given environment. */
function setupRepo(env: NodeJS.ProcessEnv): string {
  const script = 'REPO_ROOT="$1"; source "$1/scripts/lib/common.sh"; source "$1/scripts/lib/base-image.sh"; load_base_env && echo "$(base_image_ref)"';
  const r = spawnSync("bash", ["-c", script, "bash", ROOT], { env: { PATH: process.env.PATH, ...env }, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

describe("base image reference: one override for setup and skillsign", () => {
  it("uses the recipe's repository and tag by default", () => {
    expect(platformBaseImage(ROOT, {})).toMatchObject({ repo: "skillsign/base", tag: `skillsign/base:${TAG}` });
    expect(setupRepo({})).toBe(`skillsign/base:${TAG}`);
  });

  it("SKILLSIGN_BASE_REPO moves both to another repository (same recipe tag), so a fresh build can be measured beside the image in use", () => {
    const env = { SKILLSIGN_BASE_REPO: "skillsign-fresh/base" };
    expect(platformBaseImage(ROOT, env)).toMatchObject({ repo: "skillsign-fresh/base", tag: `skillsign-fresh/base:${TAG}` });
    expect(setupRepo(env)).toBe(`skillsign-fresh/base:${TAG}`);
  });

  it("SKILLSIGN_BASE_IMAGE still names the whole reference", () => {
    expect(platformBaseImage(ROOT, { SKILLSIGN_BASE_REPO: "a/b", SKILLSIGN_BASE_IMAGE: "x/y:z" })).toMatchObject({ repo: "x/y", tag: "x/y:z" });
  });
});
