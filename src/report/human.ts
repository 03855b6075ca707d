import { SEVERITIES, type Finding } from "../findings.types.js";
import { severityRank } from "../findings.js";
import type { Decision } from "../verdict/verdict.types.js";
import { palette, safeText, type Palette } from "./colour.js";
import type { RenderOptions, ReportModel, SkillReport, StageSummary, Writer } from "./report.types.js";

const VERDICT_LABEL: Record<Decision, string> = { approved: "APPROVED", review: "NEEDS REVIEW", rejected: "REJECTED" };

/** The creator's view: verdict, why, each finding with file:line, evidence and fix, then the stages. */
export const humanWriter: Writer = {
  render(report: ReportModel, options: RenderOptions): string {
    const p = palette(options.color ?? false);
    const out: string[] = [];
    if (report.scope.kind === "partial") out.push(p.dim(`note: ${report.scope.note}`), "");
    for (const skill of report.skills) out.push(...renderSkill(skill, p), "");
    for (const e of report.inputErrors) out.push(`${p.red(p.bold("INPUT ERROR"))}  ${safeText(e.path)}`, `  [${e.code}] ${safeText(e.message)}`, "");
    for (const k of report.skipped) out.push(`${p.dim("skipped")}  ${safeText(k.path)}  ${p.dim(`(${safeText(k.reason)})`)}`);
    if (report.skipped.length > 0) out.push("");
    out.push(summaryLine(report));
    return `${out.join("\n")}\n`;
  },
};

function renderSkill(s: SkillReport, p: Palette): string[] {
  const colour = s.verdict === "approved" ? p.green : s.verdict === "review" ? p.yellow : p.red;
  const id = s.name ? `${safeText(s.name)}${s.version ? `@${safeText(s.version)}` : ""}` : "(unnamed skill)";
  const lines = [`${colour(p.bold(verdictLabel(s)))}  ${id}  ${p.dim(safeText(s.path))}`];

  const incomplete = s.reasons.filter((r) => r.kind === "incomplete");
  if (incomplete.length > 0) {
    lines.push(`  ${p.yellow("Analysis incomplete:")}`);
    for (const r of incomplete) lines.push(`    - ${safeText(r.message)}`);
  }

  // Spec lint first: it is what the creator fixes before publishing, not a security finding.
  const lint = s.findings.filter(isSpecLint);
  if (lint.length > 0) {
    lines.push(`  ${p.yellow("Fix before publishing (Agent Skills format; not a security finding):")}`);
    for (const f of lint) lines.push(`    - ${p.bold(f.ruleId)}: ${safeText(f.message)}${f.fix ? `\n      fix: ${safeText(f.fix)}` : ""}`);
  }

  // What each rule did to the verdict, so the reader sees which findings decided it.
  const effect = new Map<string, string>();
  for (const r of s.reasons) {
    if (r.kind === "finding") effect.set(r.ruleId, r.action === "reject" ? "rejects" : /\(unconfirmed: /.test(r.message) ? "needs review: unconfirmed, no completed behaviour run" : "needs review");
    if (r.kind === "waived" && !r.fingerprint) effect.set(r.ruleId, "waived");
  }
  const baselined = new Set(s.reasons.flatMap((r) => (r.kind === "waived" && r.fingerprint ? [r.fingerprint] : [])));
  for (const severity of [...SEVERITIES].reverse()) {
    const group = s.findings.filter((f) => f.severity === severity && !isSpecLint(f));
    if (group.length === 0) continue;
    const sevColour = severityRank(severity) >= severityRank("high") ? p.red : severity === "medium" ? p.yellow : p.dim;
    lines.push(`  ${sevColour(severity.toUpperCase())} (${group.length})`);
    for (const f of group) lines.push(...renderFinding(f, f.fingerprint && baselined.has(f.fingerprint) ? "baselined" : effect.get(f.ruleId), p));
  }

  for (const r of s.reasons.filter((x) => x.kind === "waived")) lines.push(`  ${p.dim(`waived: ${safeText(r.message)}`)}`);
  lines.push(...renderInferred(s, p));
  lines.push(`  ${p.bold("Stages:")}`);
  for (const st of s.stages) lines.push(`    ${renderStage(st, p)}`);
  return lines;
}

/** `APPROVED (partial: build, image-scan, behavior not run)`: a partial run never reads as plain APPROVED. */
export function verdictLabel(s: Pick<SkillReport, "verdict" | "stagesNotRun">): string {
  const label = VERDICT_LABEL[s.verdict];
  return s.stagesNotRun.length > 0 ? `${label} (partial: ${s.stagesNotRun.join(", ")} not run)` : label;
}

function renderFinding(f: Finding, effect: string | undefined, p: Palette): string[] {
  const where = f.file ? `${safeText(f.file)}${f.line ? `:${f.line}` : ""}` : "(skill)";
  const lines = [`    ${p.bold(f.ruleId)}  ${where}${f.confidence ? p.dim(`  confidence ${f.confidence}`) : ""}${effect ? `  [${effect}]` : ""}`];
  lines.push(`      ${safeText(f.message)}`);
  if (f.evidence) lines.push(`      evidence: ${p.dim(safeText(f.evidence))}`);
  if (f.fix) lines.push(`      fix: ${safeText(f.fix)}`);
  return lines;
}

/** Format lint the policy passes (info/low): shown with its fix, apart from the security findings. */
function isSpecLint(f: Finding): boolean {
  return f.category === "spec" && (f.severity === "info" || f.severity === "low");
}

/** What the skill was seen to use, and whether it is what a signature will carry. */
function renderInferred(s: SkillReport, p: Palette): string[] {
  const u = s.inferredPermissions;
  if (!u) return [];
  const from = [u.sources.static ? "static analysis" : "", u.sources.observed ? "the sandbox run" : ""].filter(Boolean).join(" and ");
  const head = u.signed ? "Inferred permissions (the skill declares none; an approval signs these):" : "Used, per analysis (the skill declares its own permissions; these are for comparison):";
  const lines = [`  ${p.bold(head)}${from ? p.dim(`  from ${from}`) : ""}`];
  for (const key of ["network", "env", "bins", "paths"] as const) if (u[key].length > 0) lines.push(`    ${key}: ${u[key].map(safeText).join(", ")}`);
  if (u.signed) lines.push(`    ${p.dim("fix: declare them yourself under metadata.openclaw.requires to sign exactly what you intend")}`);
  return lines;
}

function renderStage(st: StageSummary, p: Palette): string {
  const status = st.status === "error" ? p.red("error") : st.status === "skipped" ? p.yellow("skipped") : st.status === "findings" ? p.yellow("findings") : p.green("passed");
  const parts = [`${st.stageId.padEnd(13)}${status}`];
  if (st.findings > 0) parts.push(`${st.findings} finding${st.findings === 1 ? "" : "s"}`);
  if (st.reason) parts.push(safeText(st.reason));
  if (st.tool) parts.push(p.dim(`${st.tool.name} ${st.tool.version}`));
  if (st.durationMs !== undefined) parts.push(p.dim(`${st.durationMs} ms`));
  const line = parts.join("  ");
  const checks = Object.entries(st.checks ?? {}).map(([k, v]) => `${safeText(k)}: ${safeText(v)}`);
  return checks.length > 0 ? `${line}\n${" ".repeat(17)}${p.dim(`checks: ${checks.join("; ")}`)}` : line;
}

function summaryLine(r: ReportModel): string {
  const s = r.summary;
  const partial = s.partial > 0 ? ` (${s.partial === s.skills ? "all" : s.partial} partial: not every stage ran)` : "";
  const base = `${s.skills} skill${s.skills === 1 ? "" : "s"}: ${s.approved} approved, ${s.review} need review, ${s.rejected} rejected${partial}`;
  const skipped = r.skipped.length > 0 ? `; ${r.skipped.length} folder${r.skipped.length === 1 ? "" : "s"} skipped` : "";
  return `${s.inputErrors > 0 ? `${base}; ${s.inputErrors} could not be read` : base}${skipped}`;
}
