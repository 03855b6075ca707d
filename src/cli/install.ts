import type { Command } from "commander";
import { PIP_LOCK_USAGE } from "../signing/dependency-lock.js";
import { installSkill } from "../signing/install.js";
import { printResult, VERIFY_EXIT } from "./verify.js";

export interface InstallFlags {
  into: string;
  name?: string;
  trust?: string;
  signature?: string;
  state?: string;
  json?: boolean;
}

/** `skillsign install`: verify, then place exactly the verified bytes (no verify-then-read race). */
export function registerInstall(program: Command): void {
  program
    .command("install")
    .description("verify a skill folder and atomically place exactly the verified bytes at SKILLS_DIR/<name>")
    .argument("<skill-dir>", "the skill folder to install (its signature beside it)")
    .requiredOption("--into <skills-dir>", "the runtime's skills folder")
    .option("--name <name>", "the skill name to expect (default: the folder's name)")
    .option("--trust <file>", "trust file or root of trust (default: $SKILLSIGN_HOME/trust.json)")
    .option("--signature <file>", "signature file (default: <skill-dir>.skillsig.json)")
    .option("--state <file>", "replay-protection state file")
    .option("--json", "print the result as JSON")
    .action(runInstall);
}

/** The install action; the light entry calls it directly (src/cli/light-main.ts). */
export async function runInstall(skillDir: string, flags: InstallFlags): Promise<void> {
  const { result, installedAt, dependencyLock } = await installSkill(skillDir, flags.into, {
    trustPath: flags.trust,
    signaturePath: flags.signature,
    expectedName: flags.name,
    statePath: flags.state,
  });
  printResult(result, flags.json, { ...(installedAt ? { installedAt } : {}), ...(dependencyLock ? { dependencyLock } : {}) });
  if (installedAt && !flags.json) process.stdout.write(`installed at ${installedAt}\n`);
  if (dependencyLock && !flags.json) process.stdout.write(`dependencies (signed, hash-pinned): ${PIP_LOCK_USAGE} ${dependencyLock}\n`);
  process.exitCode = result.ok ? VERIFY_EXIT.ok : VERIFY_EXIT.failed;
}
