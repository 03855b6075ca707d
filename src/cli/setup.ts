import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { assetsDir } from "../config/assets.js";
import { UsageError } from "../errors.js";

/** Options that only print and need no root. */
const READ_ONLY_ARGS = new Set(["--print-base-tag", "-h", "--help"]);

/**
 * `skillsign setup [scripts/setup options]`: runs the repository's scripts/setup with its output
 * streamed, and exits with its status (0 all components ready, 1 a component failed, 2 usage).
 */
export function registerSetup(program: Command): void {
  program
    .command("setup")
    .description("install and start Docker + gVisor, Semgrep, Trivy and the base image (runs scripts/setup; needs root)")
    .helpOption(false)
    .allowUnknownOption()
    .argument("[options...]", "passed to scripts/setup: --only C,C  --skip C,C  --verify  --print-base-tag  -v  --help")
    .action(async (args: string[]) => {
      process.exitCode = await runSetup(args, { uid: process.getuid?.() ?? 0 });
    });
}

export async function runSetup(args: string[], opts: { uid: number; root?: string }): Promise<number> {
  const script = join(opts.root ?? assetsDir(), "scripts", "setup");
  if (!existsSync(script)) {
    throw new UsageError("FILE_NOT_FOUND", `${script} is missing: setup runs from a skillsign source checkout (git clone, then sudo skillsign setup)`);
  }
  const readOnly = args.length > 0 && args.every((a) => READ_ONLY_ARGS.has(a));
  if (opts.uid !== 0 && !readOnly) {
    throw new UsageError(
      "USAGE_ERROR",
      "setup needs root: it installs Debian packages, writes /etc/docker/daemon.json, starts dockerd and installs tools into /opt/skillsign-tools. Run: sudo skillsign setup",
    );
  }
  return new Promise<number>((resolve, reject) => {
    const child = spawn(script, args, { stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", (err) => reject(new UsageError("USAGE_ERROR", `cannot run ${script}: ${err.message}`, err)));
    child.on("close", (code, signal) => resolve(code ?? (signal ? 3 : 1)));
  });
}
