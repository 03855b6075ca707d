import type { Command } from "commander";
import { discoverSkills } from "../pipeline/discover.js";
import type { ProgressEvent } from "../pipeline/pipeline.types.js";
import { runPipeline } from "../pipeline/run.js";
import { runStoppable } from "../pipeline/stop.js";
import { createProgress } from "../progress/index.js";
import { renderReport, shouldColor, type Format, type ReportInput } from "../report/index.js";
import { STAGE_IDS, type StageId } from "../stage-ids.js";
import { policyDigest } from "../verdict/policy.js";
import { route } from "../verdict/route.js";
import type { Decision } from "../verdict/verdict.types.js";
import { collect, exitCodeForRun, failOnOption, type FailOn, parseFormat, parseStageIds, policyFileOption, policyOption, skipOption, writeReportText } from "./options.js";

/** What `scan` runs without --sandbox: the stages that need no container. */
export const STATIC_STAGES: readonly StageId[] = ["manifest", "patterns", "secrets", "semgrep", "dependencies"];
const NOT_SELECTED = "not selected: use `skillsign submit` or `--sandbox`";

export interface ScanOptions {
  paths: string[];
  format: Format;
  skip?: StageId[];
  only?: StageId[];
  sandbox?: boolean;
  policyPath?: string;
  /** Lowest verdict that makes the exit non-zero (default review). */
  failOn?: FailOn;
  color?: boolean;
  includeDurations?: boolean;
  baseDir?: string;
  home?: string;
  processEnv?: NodeJS.ProcessEnv;
  onProgress?: (e: ProgressEvent) => void;
  /** Aborted on SIGINT/SIGTERM: stages stop and clean up (pipeline/stop.ts). */
  signal?: AbortSignal;
}

export interface ScanOutcome {
  text: string;
  exitCode: number;
  decisions: Decision[];
  report: ReportInput;
}

/**
 * The creator's dry run: snapshot, the selected stages, the verdict, a report. Nothing is
 * recorded and nothing is signed. Required stages are narrowed to the selected ones, and the
 * report says which stages did not run.
 */
export async function runScan(o: ScanOptions): Promise<ScanOutcome> {
  const policy = policyOption(o.policyPath);
  const dirs = discoverSkills(o.paths);
  const selected = o.only ?? (o.sandbox ? [...STAGE_IDS] : [...STATIC_STAGES]);
  const notRun = STAGE_IDS.filter((id) => !selected.includes(id));
  const run = await runPipeline(dirs, {
    skip: o.skip,
    only: notRun.length > 0 ? selected : undefined,
    notSelectedReason: NOT_SELECTED,
    onProgress: o.onProgress,
    signal: o.signal,
    home: o.home,
    processEnv: o.processEnv,
  });
  const skills = run.analyses.map((analysis) => ({ analysis, verdict: route(analysis, policy, { selectedStages: selected }) }));
  const report: ReportInput = {
    skills,
    inputErrors: run.inputErrors,
    policyDigest: policyDigest(policy),
    ...(notRun.length > 0 ? { notSelected: { stages: notRun, note: scopeNote(notRun, o) } } : {}),
  };
  const text = renderReport(report, o.format, { color: o.color, includeDurations: o.includeDurations, baseDir: o.baseDir });
  const decisions = skills.map((s) => s.verdict.decision);
  return { text, exitCode: exitCodeForRun(decisions, run.inputErrors.length, o.failOn), decisions, report };
}

function scopeNote(notRun: readonly StageId[], o: ScanOptions): string {
  const sandboxOnly = notRun.every((id) => !STATIC_STAGES.includes(id));
  const what = sandboxOnly && !o.only ? "static scan only; sandbox stages not run" : "partial scan";
  return `${what} (${notRun.join(", ")}); they are not required for this verdict. Run \`skillsign submit\` or \`skillsign scan --sandbox\` for the full analysis.`;
}

interface ScanFlags {
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
    .action(async (paths: string[], flags: ScanFlags) => {
      const format = parseFormat(flags.format, flags.json);
      const toStdout = !flags.output;
      const progress = createProgress({ machineOutputOnStdout: toStdout && format !== "human" });
      try {
        const outcome = await runStoppable((signal) => runScan({
          signal,
          paths,
          format,
          skip: parseStageIds(flags.skip, "--skip"),
          only: parseStageIds(flags.only, "--only"),
          sandbox: flags.sandbox,
          policyPath: flags.policy,
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
