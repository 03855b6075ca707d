import type { Command } from "commander";
import type { BaselineFlags } from "./baseline-option.js";
import { collect, failOnOption, type FailOn, policyFileOption, skipOption } from "./options.js";

export type { ScanOptions, ScanOutcome } from "./scan-run.js";

export interface ScanFlags extends BaselineFlags {
  format?: string;
  json?: boolean;
  output?: string;
  skip?: string[];
  only?: string[];
  policy?: string;
  sandbox?: boolean;
  failOn?: FailOn;
}

export function registerScan(program: Command): void {
  program
    .command("scan")
    .description("dry-run the checks on skill folders (static stages unless --sandbox); records and signs nothing")
    .argument("<paths...>", "a skill folder (with SKILL.md) or a folder of skills")
    .option("--format <format>", "human | json | sarif", undefined)
    .option("--json", "same as --format json")
    .option("-o, --output <file>", "write the report to FILE instead of stdout")
    .addOption(skipOption())
    .option("--only <id>", "run only these stages (repeatable)", collect)
    .addOption(policyFileOption())
    .addOption(failOnOption())
    .option("--sandbox", "also run the sandbox stages (build, image-scan, behavior)")
    .option("--baseline <file>", "accepted findings (skillsign baseline create): only findings not in it count")
    .action(async (paths: string[], flags: ScanFlags) => (await import("./scan-run.js")).scanAction(paths, flags));
}
