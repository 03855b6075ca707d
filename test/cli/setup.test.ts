import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureDist } from "../helpers/build.js";
import { REPO_ROOT } from "../helpers/hostile.js";
import { packageRootForNobody } from "../helpers/readable-copy.js";

const BIN = join(REPO_ROOT, "dist/bin/skillsign.js");
const HAS_SETPRIV = spawnSync("setpriv", ["--version"], { stdio: "ignore" }).status === 0 && process.getuid?.() === 0;

function setup(args: string[], asNobody = false) {
  const argv = asNobody
    ? ["setpriv", ["--reuid", "65534", "--regid", "65534", "--clear-groups", process.execPath, join(packageRootForNobody(), "dist/bin/skillsign.js"), "setup", ...args]]
    : [process.execPath, [BIN, "setup", ...args]];
  // nobody cannot enter a clone in a private (0700) folder: it runs a readable copy from the temp dir.
  return spawnSync(argv[0] as string, argv[1] as string[], { encoding: "utf8", cwd: asNobody ? tmpdir() : REPO_ROOT, timeout: 60_000 });
}

describe("skillsign setup", { timeout: 120_000 }, () => {
  beforeAll(() => ensureDist());

  it("runs scripts/setup and streams its output (--print-base-tag needs no root)", () => {
    const r = setup(["--print-base-tag"]);
    const tag = /^SKILLSIGN_BASE_TAG=(\S+)$/m.exec(readFileSync(join(REPO_ROOT, "docker/base-image.env"), "utf8"))![1];
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(tag);
  });

  it("passes the script's usage error through as exit 2", () => {
    const r = setup(["--no-such-option"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown argument '--no-such-option'");
  });

  it.skipIf(!HAS_SETPRIV)("refuses to run without root, with a clear message and exit 2 (no stack trace)", () => {
    const r = setup(["--only", "trivy"], true);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^skillsign: error \[USAGE_ERROR\]: setup needs root: .*Run: sudo skillsign setup\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
