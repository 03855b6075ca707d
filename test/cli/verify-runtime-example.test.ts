// The runtime recipe's example (docs/runtime.md) must keep working: trust init/publish through the
// CLI, install of verified bytes, the boot check passing, and refusing after a tampered file.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, expect, it } from "vitest";

const REPO = resolve(import.meta.dirname, "..", "..");
const BIN = join(REPO, "dist", "bin", "skillsign.js");

beforeAll(() => {
  if (!existsSync(BIN)) execFileSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: REPO, stdio: "ignore" });
});

it("examples/runtime-demo.sh: 2-of-3 root, catalog, install, boot check, tamper refused", () => {
  const r = spawnSync("sh", [join(REPO, "examples", "runtime-demo.sh")], {
    env: { ...process.env, SKILLSIGN: `${process.execPath} ${BIN}` },
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toContain("root threshold 2 of 3");
  expect(r.stdout).toContain("boot check passed");
  expect(r.stdout).toContain('"reason": "content-mismatch"');
  expect(r.stdout.trim().endsWith("demo ok")).toBe(true);
  expect(r.status).toBe(0);
}, 120_000);
