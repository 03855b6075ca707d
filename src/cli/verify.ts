import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { verifyAll } from "../signing/verify-all.js";
import { verifySkill } from "../signing/verify.js";
import type { VerifyResult } from "../signing/verify.types.js";

/** verify's own exit codes: 0 only when every signature is valid, 1 for any verification failure. */
export const VERIFY_EXIT = { ok: 0, failed: 1 } as const;

export interface VerifyFlags {
  trust?: string;
  signature?: string;
  json?: boolean;
  all?: string;
  name?: string;
  state?: string;
}

export function registerVerify(program: Command): void {
  program
    .command("verify")
    .description("strictly verify a skill folder (or, with --all, every installed skill) against its signature and the trust file")
    .argument("[skill-dir]", "the skill folder (contains SKILL.md)")
    .option("--all <skills-dir>", "verify every SKILLS_DIR/<name> against SKILLS_DIR/<name>.skillsig.json (boot-time check)")
    .option("--name <name>", "the skill name to expect (default: the folder's name)")
    .option("--trust <file>", "trust file or root of trust (root.json) (default: $SKILLSIGN_HOME/trust.json)")
    .option("--signature <file>", "signature file (default: <skill-dir>.skillsig.json)")
    .option("--state <file>", "replay-protection state (default: $SKILLSIGN_HOME/trust-state/<hash>.json)")
    .option("--json", "print the result as JSON")
    .action(runVerify);
}

/** The verify action; the light entry calls it directly (src/cli/light-main.ts). */
export async function runVerify(skillDir: string | undefined, flags: VerifyFlags): Promise<void> {
  if (flags.all !== undefined) {
    if (skillDir || flags.signature || flags.name) throw new UsageError("USAGE_ERROR", "--all takes no skill folder, --signature or --name");
    const summary = await verifyAll(flags.all, { trustPath: flags.trust, statePath: flags.state });
    if (flags.json) process.stdout.write(`${JSON.stringify({ schemaVersion: 1, ...summary }, null, 2)}\n`);
    else {
      for (const s of summary.skills) process.stdout.write(`${s.ok ? "ok" : s.reason}: ${s.name}${s.ok ? "" : `: ${s.message}`}\n`);
      process.stdout.write(`${summary.total - summary.failed}/${summary.total} skills verified\n`);
    }
    process.exitCode = summary.ok ? VERIFY_EXIT.ok : VERIFY_EXIT.failed;
    return;
  }
  if (!skillDir) throw new UsageError("USAGE_ERROR", "give a skill folder, or --all SKILLS_DIR");
  const result = await verifySkill(skillDir, { trustPath: flags.trust, signaturePath: flags.signature, expectedName: flags.name, statePath: flags.state });
  printResult(result, flags.json);
  process.exitCode = result.ok ? VERIFY_EXIT.ok : VERIFY_EXIT.failed;
}

/** JSON carries the verdict and the signed permissions a runtime must enforce, never file bytes. */
export function printResult(result: VerifyResult, json: boolean | undefined, extra: Record<string, unknown> = {}): void {
  const { verified, ...rest } = result;
  if (json) {
    const body = { schemaVersion: 1, ...rest, ...(verified ? { contentHash: verified.contentHash, permissions: verified.permissions } : {}), ...extra };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    process.stdout.write(`${result.reason}: ${result.message}\n`);
  }
}
