import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./hostile.js";

let built = false;

/**
 * Compiles the project to dist/ once per test process, for tests that must run the real
 * CLI or a child process. tsc emits even when files owned by others have type errors.
 */
export function ensureDist(): void {
  if (built) return;
  const r = spawnSync(process.execPath, [join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", join(REPO_ROOT, "tsconfig.json")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (!existsSync(join(REPO_ROOT, "dist/bin/skillsign.js"))) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
  built = true;
}
