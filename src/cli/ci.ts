import type { Command } from "commander";
import { addBaselineOptions, type BaselineFlags } from "./baseline-option.js";
import { dbOption, failOnOption, type FailOn, policyFileOption, skipOption } from "./options.js";

export interface CiFlags extends BaselineFlags {
  changedSince?: string;
  sarif?: string;
  json?: string;
  policy?: string;
  skip?: string[];
  db?: string;
  failOn: FailOn;
}

/** Marketplace CI: no prompts, no colour, no progress; SARIF/JSON files; exit by the worst verdict. */
export function registerCi(program: Command): void {
  addBaselineOptions(program
    .command("ci")
    .description("analyse and record skills in CI (all, or those changed since a git ref); exit by the worst verdict")
    .argument("[paths...]", "skill folders or folders of skills (default with --changed-since: the whole repository)")
    .option("--changed-since <ref>", "only skills with files changed since this git ref (plus uncommitted changes)")
    .option("--sarif <file>", "write a SARIF 2.1.0 report to FILE")
    .option("--json <file>", "write the JSON report (with submission ids) to FILE")
    .addOption(policyFileOption())
    .addOption(skipOption())
    .addOption(dbOption())
    .addOption(failOnOption()), true)
    .action(async (paths: string[], flags: CiFlags) => (await import("./ci-run.js")).ciAction(paths, flags));
}
