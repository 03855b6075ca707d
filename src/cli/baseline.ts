import type { Command } from "commander";
import { collect, policyFileOption } from "./options.js";

export const DEFAULT_BASELINE = ".skillsign-baseline.json";

export interface CreateFlags {
  out: string;
  policy?: string;
  only?: string[];
  sandbox?: boolean;
  sign?: boolean;
}

/**
 * Baselines: accept today's findings so `scan`/`ci --baseline FILE` count only new ones. Rules
 * the policy never waives are left out; `ci --require-signed-baseline` wants a reviewer's signature.
 */
export function registerBaseline(program: Command): void {
  const baseline = program.command("baseline").description("accept the current findings so scan/ci --baseline count only new ones");

  baseline
    .command("create")
    .description("scan skill folders (static stages unless --sandbox) and write every finding's fingerprint to a baseline file")
    .argument("<paths...>", "a skill folder or a folder of skills")
    .option("-o, --out <file>", "baseline file to write", DEFAULT_BASELINE)
    .option("--only <id>", "run only these stages (repeatable)", collect)
    .option("--sandbox", "also run the sandbox stages")
    .option("--sign", "sign it with the reviewer key in SKILLSIGN_SIGNING_KEY (for ci --require-signed-baseline)")
    .addOption(policyFileOption())
    .action(async (paths: string[], f: CreateFlags) => (await import("./baseline-run.js")).createAction(paths, f));

  baseline
    .command("sign")
    .description("sign a baseline file with the reviewer key in SKILLSIGN_SIGNING_KEY")
    .argument("<file>")
    .action(async (file: string) => (await import("./baseline-run.js")).signAction(file));

  baseline
    .command("verify")
    .description("check a baseline's signature against a trust file (exit 0 valid, 2 otherwise)")
    .argument("<file>")
    .requiredOption("--trust <file>", "trust.json listing the reviewer keys")
    .action(async (file: string, f: { trust: string }) => (await import("./baseline-run.js")).verifyAction(file, f));
}
