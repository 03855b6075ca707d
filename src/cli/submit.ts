import type { Command } from "commander";
import { serverOptions, type RemoteFlags } from "./remote.js";
import { dbOption, policyFileOption, skipOption } from "./options.js";

export interface SubmitFlags extends RemoteFlags {
  wait?: boolean;
  json?: boolean;
  policy?: string;
  skip?: string[];
  db?: string;
}

/**
 * The creator's command: every stage, the verdict, recorded in the store; signed when approved
 * and a key is configured. Prints the verdict, every reason, each finding's fix, the submission id.
 */
export function registerSubmit(program: Command): void {
  serverOptions(program.command("submit"))
    .description("analyse a skill with every stage, record the verdict, and sign it if approved")
    .argument("<paths...>", "a skill folder (with SKILL.md) or a folder of skills")
    .option("--json", "print the report as JSON (with the submission ids)")
    .addOption(policyFileOption())
    .addOption(skipOption())
    .addOption(dbOption())
    .option("--no-wait", "with --server: return after the upload instead of waiting for the verdict")
    .action(async (paths: string[], flags: SubmitFlags) => (await import("./submit-run.js")).submitAction(paths, flags));
}
