import type { Command } from "commander";
import { verifySkill } from "../signing/verify.js";

/** verify's own exit codes: 0 only for a valid signature, 1 for any verification failure. */
export const VERIFY_EXIT = { ok: 0, failed: 1 } as const;

interface VerifyFlags {
  trust?: string;
  signature?: string;
  json?: boolean;
}

export function registerVerify(program: Command): void {
  program
    .command("verify")
    .description("strictly verify a skill folder against its detached signature and a trust file")
    .argument("<skill-dir>", "the skill folder (contains SKILL.md)")
    .option("--trust <file>", "trust file listing accepted keys (default: $SKILLSIGN_HOME/trust.json)")
    .option("--signature <file>", "signature file (default: <skill-dir>.skillsig.json)")
    .option("--json", "print the result as JSON")
    .action(async (skillDir: string, flags: VerifyFlags) => {
      const result = await verifySkill(skillDir, { trustPath: flags.trust, signaturePath: flags.signature });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ schemaVersion: 1, ...result }, null, 2)}\n`);
      } else {
        process.stdout.write(`${result.reason}: ${result.message}\n`);
      }
      process.exitCode = result.ok ? VERIFY_EXIT.ok : VERIFY_EXIT.failed;
    });
}
