import { isAbsolute, relative } from "node:path";
import type { StageResult } from "../findings.types.js";
import { compareFindings } from "../findings.js";
import type { SkillAnalysis } from "../analysis.types.js";
import { VERSION } from "../version.js";
import type { Verdict } from "../verdict/verdict.types.js";
import { fingerprintFindings } from "../verdict/fingerprint.js";
import { STAGE_IDS } from "../stage-ids.js";
import { redactText, redactValue } from "../redact.js";
import { effectivePermissions } from "../permissions/effective.js";
import type { InferredPermissionsReport, RenderOptions, ReportInput, ReportModel, SkillReport, StageSummary } from "./report.types.js";

/** Builds the report every format renders: sorted, redacted, and free of timestamps. */
export function buildReportModel(input: ReportInput, options: RenderOptions = {}): ReportModel {
  const baseDir = options.baseDir ?? process.cwd();
  const includeDurations = options.includeDurations ?? true;
  const skills = input.skills
    .map(({ analysis, verdict }) => skillReport(analysis, verdict, baseDir, includeDurations))
    .sort((a, b) => cmp(a.path, b.path) || cmp(a.name, b.name) || cmp(a.contentHash, b.contentHash));
  const inputErrors = input.inputErrors
    .map((e) => ({ path: redactText(displayPath(e.path, baseDir)), code: e.code, message: redactText(e.message) }))
    .sort((a, b) => cmp(a.path, b.path) || cmp(a.code, b.code));
  const count = (d: string) => skills.filter((s) => s.verdict === d).length;
  return {
    schemaVersion: 1,
    tool: { name: "skillsign", version: options.toolVersion ?? VERSION },
    ...(input.policyDigest ? { policyDigest: input.policyDigest } : {}),
    scope: input.notSelected && input.notSelected.stages.length > 0
      ? { kind: "partial", notRun: [...input.notSelected.stages], note: input.notSelected.note }
      : { kind: "full" },
    summary: { skills: skills.length, approved: count("approved"), review: count("review"), rejected: count("rejected"), partial: skills.filter((s) => s.partial).length, inputErrors: inputErrors.length },
    skills,
    inputErrors,
    skipped: (input.skipped ?? []).map((k) => ({ path: redactText(displayPath(k.path, baseDir)), reason: k.reason })).sort((a, b) => cmp(a.path, b.path)),
  };
}

function skillReport(a: SkillAnalysis, v: Verdict, baseDir: string, includeDurations: boolean): SkillReport {
  const sorted = [...a.findings].sort(compareFindings);
  const prints = fingerprintFindings(a.name, sorted);
  const notRun = stagesNotRun(a.stages);
  return {
    path: displayPath(a.path, baseDir),
    absolutePath: a.path,
    name: redactText(a.name),
    version: redactText(a.version),
    verdict: v.decision,
    partial: notRun.length > 0,
    stagesNotRun: notRun,
    reasons: v.reasons.map((r) => ({ ...r, message: redactText(r.message) })),
    contentHash: a.snapshot.contentHash,
    permissionsHash: a.permissionsHash,
    permissions: redactValue(a.permissions),
    ...inferredReport(a),
    skillMdPath: a.snapshot.skillMdPath,
    stages: a.stages.map((s) => stageSummary(s, includeDurations)),
    findings: redactValue(sorted.map((f, i) => ({ ...f, fingerprint: prints[i]! }))),
  };
}

/**
 * Stages that did not run to completion for this skill: left out by the command (`scan` without
 * `--sandbox`, `--only`, `--skip`), missing, errored, or could not run. "Nothing to look at" is not
 * among them. A verdict with any of these is partial and every format says so.
 */
function stagesNotRun(stages: readonly StageResult[]): string[] {
  const byId = new Map(stages.map((s) => [s.stageId, s]));
  return STAGE_IDS.filter((id) => {
    const s = byId.get(id);
    return !s || s.status === "error" || (s.status === "skipped" && s.skipKind !== "not-applicable");
  });
}

function inferredReport(a: SkillAnalysis): { inferredPermissions?: InferredPermissionsReport } {
  const e = effectivePermissions(a.permissions, a.stages);
  const u = e.inferred;
  if (u.network.length + u.env.length + u.bins.length + u.paths.length === 0) return {};
  return { inferredPermissions: redactValue({ ...u, signed: e.declaredNone }) };
}

function stageSummary(s: StageResult, includeDurations: boolean): StageSummary {
  const checks = s.checks ? Object.fromEntries(Object.entries(s.checks).sort(([x], [y]) => cmp(x, y)).map(([k, v]) => [k, redactText(v)])) : undefined;
  return {
    stageId: s.stageId,
    stageVersion: s.stageVersion,
    status: s.status,
    ...(s.skipKind && s.status === "skipped" ? { skipKind: s.skipKind } : {}),
    ...(s.reason ? { reason: redactText(s.reason) } : {}),
    ...(s.tool ? { tool: { name: s.tool.name, version: s.tool.version } } : {}),
    ...(checks ? { checks } : {}),
    ...(includeDurations ? { durationMs: s.durationMs } : {}),
    findings: s.findings.length,
  };
}

/** Relative to baseDir when inside it, so reports read the same on every machine. */
export function displayPath(path: string, baseDir: string): string {
  const rel = relative(baseDir, path);
  if (rel === "") return ".";
  return rel === ".." || rel.startsWith("../") || isAbsolute(rel) ? path : rel.split("\\").join("/");
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
