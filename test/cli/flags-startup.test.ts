// Commands load only what they use (src/cli/main.ts): the real CLI runs under a module hook that
// lists every file it loads. Timings are in bench/startup (they depend on the machine's load).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../workflow/cli-harness.js";

let register: string;

/** Files the CLI loads for `args`, as `dist/…` or `node_modules/<package>`. */
function loaded(args: string[]): string[] {
  const r = spawnSync(process.execPath, ["--import", register, CLI, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  expect(r.status, r.stderr).toBe(0);
  const files = r.stderr.split("\n").filter((l) => l.startsWith("LOADED "));
  return [...new Set(files.map((l) => l.slice(7).replace(/.*\/node_modules\/((?:@[^/]+\/)?[^/]+).*/, "node_modules/$1").replace(/.*\/(dist\/)/, "$1")))];
}

describe("lazy command loading", { timeout: 120_000 }, () => {
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), "skillsign-loadlist-"));
    writeFileSync(join(dir, "hooks.mjs"), `export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.startsWith("file:")) process.stderr.write("LOADED " + r.url + "\\n"); return r; }\n`);
    register = join(dir, "register.mjs");
    // ESM files through the resolve hook; CommonJS packages (dockerode) from require's cache at exit.
    writeFileSync(
      register,
      `import { createRequire, register } from "node:module"; register(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n` +
        `const cache = createRequire(import.meta.url).cache; process.on("exit", () => { for (const f of Object.keys(cache)) process.stderr.write("LOADED " + f + "\\n"); });\n`,
    );
  });

  it("--version and --help load no command module and no package but commander", () => {
    for (const args of [["--version"], ["--help"]]) {
      const files = loaded(args);
      expect(files, args[0]).toContain("dist/src/cli/main.js");
      expect(files.filter((f) => f.startsWith("node_modules/")), args[0]).toEqual(["node_modules/commander"]);
      for (const heavy of ["dist/src/cli/scan.js", "dist/src/cli/submit.js", "dist/src/cli/review.js", "dist/src/pipeline/run.js", "dist/src/cli/config-file.js"]) {
        expect(files, `${args[0]} loads ${heavy}`).not.toContain(heavy);
      }
    }
  });

  it("a command loads its own module only: status --help has no Docker, stages or scan", () => {
    const files = loaded(["status", "--help"]);
    expect(files).toContain("dist/src/cli/status.js");
    expect(files).not.toContain("dist/src/cli/scan.js");
    expect(files).not.toContain("dist/src/pipeline/run.js");
    expect(files).not.toContain("node_modules/dockerode");
    const scan = loaded(["scan", "--help"]);
    expect(scan).toContain("dist/src/cli/scan.js");
    expect(scan).not.toContain("dist/src/cli/review.js");
    // Loaded on first use only (tools/lazy-execa.ts, sandbox/client.ts): a static scan starts without them.
    expect(scan).not.toContain("node_modules/execa");
    expect(scan).not.toContain("node_modules/dockerode");
    expect(loaded(["doctor", "--help"])).not.toContain("node_modules/dockerode");
  });
});
