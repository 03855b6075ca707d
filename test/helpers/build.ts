import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./hostile.js";

let checked = false;

/**
 * Makes sure dist/ is built from the current sources, for tests that must run the real CLI or a
 * child process. `npm test` builds first, so this normally does nothing: rebuilding while other
 * test files run the CLI from dist/ would let them load half-written modules.
 */
export function ensureDist(): void {
  if (checked) return;
  const bin = join(REPO_ROOT, "dist/bin/skillsign.js");
  if (!existsSync(bin) || newestSource() > statSync(bin).mtimeMs) {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", join(REPO_ROOT, "tsconfig.json")], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    if (!existsSync(bin)) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
  }
  checked = true;
}

function newestSource(): number {
  let newest = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(REPO_ROOT, "src"));
  walk(join(REPO_ROOT, "bin"));
  return newest;
}
