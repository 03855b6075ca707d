import type { Command } from "commander";
import { runStoppable } from "../pipeline/stop.js";
import { createProgress } from "../progress/index.js";
import { renderReport, shouldColor, type Format, type ReportInput } from "../report/index.js";
import type { Decision } from "../verdict/verdict.types.js";
import { scanSkills, type ScanRequest } from "../workflow/scan.js";
import { loadPolicy } from "../verdict/policy.js";
import { baselineFromFlags, type BaselineFlags } from "./baseline-option.js";
import { collect, exitCodeForRun, failOnOption, type FailOn, parseFormat, parseStageIds, policyFileOption, skipOption, writeReportText } from "./options.js";

export { STATIC_STAGES } from "../workflow/scan.js";

export interface ScanOptions extends ScanRequest {
  format: Format;
  /** Lowest verdict that makes the exit non-zero (default review). */
  failOn?: FailOn;
  color?: boolean;
  includeDurations?: boolean;
  baseDir?: string;
}

export interface ScanOutcome {
  text: string;
  exitCode: number;
  decisions: Decision[];
  report: ReportInput;
}

/** The workflow's dry run (workflow/scan.ts), rendered in the chosen format with scan's exit code. */
export async function runScan(o: ScanOptions): Promise<ScanOutcome> {
  const { report, decisions } = await scanSkills(o);
  const text = renderReport(report, o.format, { color: o.color, includeDurations: o.includeDurations, baseDir: o.baseDir });
  return { text, exitCode: exitCodeForRun(decisions, report.inputErrors.length, o.failOn), decisions, report };
}

interface ScanFlags extends BaselineFlags {
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
    .action(async (paths: string[], flags: ScanFlags) => {
      const baseline = await baselineFromFlags(flags, loadPolicy(flags.policy));
      const format = parseFormat(flags.format, flags.json);
      const toStdout = !flags.output;
      const progress = await createProgress({ machineOutputOnStdout: toStdout && format !== "human" });
      try {
        const outcome = await runStoppable((signal) => runScan({
          signal,
          paths,
          format,
          skip: parseStageIds(flags.skip, "--skip"),
          only: parseStageIds(flags.only, "--only"),
          sandbox: flags.sandbox,
          policyPath: flags.policy,
          baseline,
          failOn: flags.failOn,
          color: format === "human" && toStdout && shouldColor(process.stdout),
          onProgress: progress.onProgress,
        }));
        progress.stop();
        writeReportText(outcome.text, flags.output);
        process.exitCode = outcome.exitCode;
      } finally {
        progress.stop();
      }
    });
}
