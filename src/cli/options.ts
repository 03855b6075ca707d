import { writeFileSync } from "node:fs";
import { Option } from "commander";
import { UsageError } from "../errors.js";
import type { Decision } from "../verdict/verdict.types.js";
import type { Policy } from "../verdict/policy.js";
import { EXIT } from "./exit-codes.js";
import { FORMATS, type Format } from "../report/report.types.js";
import { STAGE_IDS, isStageId, type StageId } from "../stage-ids.js";

/** Commander collector for repeatable, comma-separable options: `--skip a --skip b,c`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((v) => v.trim()).filter(Boolean)];
}

/** Options several commands share, defined once so their names and help never drift apart. */
/** The store, named the same way by every command that opens it: `--db URL`, else SKILLSIGN_DB. */
export const dbOption = (what = "the store") =>
  new Option("--db <url>", `${what}: a SQLite path (default: $SKILLSIGN_HOME/skillsign.db) or postgres://…`).env("SKILLSIGN_DB");
export const policyFileOption = () => new Option("--policy <file>", "verdict policy (default: the shipped policy.yaml)").env("SKILLSIGN_POLICY");
export const skipOption = () =>
  new Option("--skip <id>", `skip a stage (repeatable; ${STAGE_IDS.join(", ")}); a skipped required stage means review`).argParser(collect);

/** Checks stage ids against the registry; the message lists the valid ones. */
export function parseStageIds(values: readonly string[] | undefined, flag: string): StageId[] | undefined {
  if (!values || values.length === 0) return undefined;
  const bad = values.filter((v) => !isStageId(v));
  if (bad.length > 0) {
    throw new UsageError("USAGE_ERROR", `${flag}: unknown stage ${bad.map((b) => JSON.stringify(b)).join(", ")} (stages: ${STAGE_IDS.join(", ")})`);
  }
  return [...new Set(values as StageId[])];
}

export function parseFormat(value: string | undefined, jsonFlag = false): Format {
  if (jsonFlag) {
    if (value !== undefined && value !== "json") throw new UsageError("USAGE_ERROR", `--json conflicts with --format ${value}`);
    return "json";
  }
  if (value === undefined) return "human";
  if (!(FORMATS as readonly string[]).includes(value)) {
    throw new UsageError("USAGE_ERROR", `--format: unknown format ${JSON.stringify(value)} (formats: ${FORMATS.join(", ")})`);
  }
  return value as Format;
}

/** `--policy FILE` or the shipped default; problems become CONFIG_ERROR (exit 2). The policy code (yaml, zod) loads only here, not for `--help`. */
export async function policyOption(path: string | undefined): Promise<Policy> {
  return (await import("../verdict/policy.js")).loadPolicy(path);
}

/** Writes the report to `--output FILE`, or to stdout. An unwritable file is a usage error. */
export function writeReportText(text: string, output: string | undefined): void {
  if (!output) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(output, text, { mode: 0o644 });
  } catch (err) {
    throw new UsageError("USAGE_ERROR", `--output: cannot write ${output}: ${(err as NodeJS.ErrnoException).code ?? "error"}`, err);
  }
}

/** `--fail-on`: the lowest verdict that makes scan/ci exit non-zero (default review: today's codes). */
export const FAIL_ON = ["approved", "review", "rejected"] as const;
export type FailOn = (typeof FAIL_ON)[number];
const RANK: Record<Decision, number> = { approved: 0, review: 1, rejected: 2 };
export const failOnOption = () =>
  new Option("--fail-on <verdict>", "lowest verdict that makes the exit non-zero: approved | review | rejected")
    .choices(FAIL_ON)
    .default("review")
    .env("SKILLSIGN_FAIL_ON");

/**
 * Exit code of scan/submit/ci over many skills: the worst verdict at or above `failOn`
 * (10 review, 20 rejected; an approved skill under `--fail-on approved` is 1), else 0. A skill
 * that could not be read at all never lets the run exit 0: with input errors the code is at
 * least 2, and a review or reject elsewhere still wins (10/20 > 2).
 */
export function exitCodeForRun(decisions: readonly Decision[], inputErrors: number, failOn: FailOn = "review"): number {
  const failing = decisions.filter((d) => RANK[d] >= RANK[failOn]);
  const worst = failing.length === 0 ? 0 : Math.max(EXIT.failOnApproved, ...failing.map((d) => EXIT[d]));
  return inputErrors > 0 ? Math.max(EXIT.usage, worst) : worst;
}

/** The exit code of a finished run's report (the workflow returns outcomes; only cli/ maps them). */
export function exitCodeForReport(report: { skills: readonly { verdict: { decision: Decision } }[]; inputErrors: readonly unknown[] }, failOn: FailOn = "review"): number {
  return exitCodeForRun(report.skills.map((s) => s.verdict.decision), report.inputErrors.length, failOn);
}
