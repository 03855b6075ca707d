import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findToolPath } from "../../src/tools/find-tool.js";

/**
 * Tests find semgrep the way the stage does: $SKILLSIGN_TOOLS/bin, then PATH. On a machine
 * without it (no `scripts/setup` yet) semgrep-backed tests are skipped locally, but fail in CI
 * so a missing install can never pass silently.
 */
export function toolEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? tmpdir() };
  if (process.env.SKILLSIGN_TOOLS) env.SKILLSIGN_TOOLS = process.env.SKILLSIGN_TOOLS;
  return { ...env, ...extra };
}

export const SEMGREP_PATH = findToolPath("semgrep", toolEnv());
export const SKIP_SEMGREP = !SEMGREP_PATH && !process.env.CI;

/**
 * A tools dir whose bin/semgrep logs every `scan` call to `calls.log` and then runs the real
 * semgrep: lets a test count processes without changing what semgrep does.
 */
export function countingSemgrep(realPath: string): { toolsDir: string; callsLog: string } {
  const toolsDir = mkdtempSync(join(tmpdir(), "skillsign-semgrep-shim-"));
  mkdirSync(join(toolsDir, "bin"));
  const callsLog = join(toolsDir, "calls.log");
  const script = `#!/bin/sh\nif [ "$1" = "scan" ]; then echo "$*" >> '${callsLog}'; fi\nexec '${realPath}' "$@"\n`;
  writeFileSync(join(toolsDir, "bin", "semgrep"), script);
  chmodSync(join(toolsDir, "bin", "semgrep"), 0o755);
  return { toolsDir, callsLog };
}

/** A tools dir whose bin/semgrep prints garbage and exits 2, like a broken install. */
export function brokenSemgrep(): string {
  const toolsDir = mkdtempSync(join(tmpdir(), "skillsign-semgrep-broken-"));
  mkdirSync(join(toolsDir, "bin"));
  const script = `#!/bin/sh\ncase " $* " in *" --version "*) echo 1.150.0; exit 0;; esac\necho "Traceback: semgrep-core crashed" >&2\nexit 2\n`;
  writeFileSync(join(toolsDir, "bin", "semgrep"), script);
  chmodSync(join(toolsDir, "bin", "semgrep"), 0o755);
  return toolsDir;
}
