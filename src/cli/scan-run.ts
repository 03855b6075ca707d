import { runStoppable } from "../pipeline/stop.js";
import { createProgress } from "../progress/index.js";
import { renderReport, shouldColor, type Format, type ReportInput } from "../report/index.js";
import type { Decision } from "../verdict/verdict.types.js";
import { scanSkills, type ScanRequest } from "../workflow/scan.js";
import { loadPolicy } from "../verdict/policy.js";
import { baselineFromFlags } from "./baseline-option.js";
import { exitCodeForRun, type FailOn, parseFormat, parseStageIds, writeReportText } from "./options.js";
import type { ScanFlags } from "./scan.js";

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

/** `skillsign scan` once its arguments are parsed (loaded only when the command runs). */
export async function scanAction(paths: string[], flags: ScanFlags): Promise<void> {
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
}
