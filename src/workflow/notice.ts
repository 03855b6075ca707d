import type { Finding } from "../findings.types.js";
import type { Verdict } from "../verdict/index.js";

/**
 * The message a creator gets for a rejected submission: every reason, then every deciding
 * finding with its location and fix. Stored with the submission and shown again by `status`.
 */
export function creatorNotice(skill: string, verdict: Verdict, reviewer?: { name: string; reason: string }): string {
  const lines: string[] = [];
  lines.push(
    reviewer ? `Your skill "${skill}" was rejected by reviewer ${reviewer.name}: ${reviewer.reason}` : `Your skill "${skill}" was rejected.`,
  );
  const reasons = verdict.reasons.filter((r) => r.kind !== "waived");
  if (reasons.length > 0) {
    lines.push("", "Reasons:");
    for (const r of reasons) lines.push(`  - ${r.message}`);
  }
  if (verdict.decidingFindings.length > 0) {
    lines.push("", "What to fix:");
    for (const f of verdict.decidingFindings) lines.push(`  - ${describeFinding(f)}`);
  }
  lines.push("", "Fix these and submit again; a new submission is analysed from scratch.");
  return lines.join("\n");
}

export function describeFinding(f: Finding): string {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ""}: ` : "";
  const fix = f.fix ? ` Fix: ${f.fix}` : "";
  return `[${f.severity}] ${f.ruleId}: ${where}${f.message}.${fix}`.replace(/\.\./g, ".");
}
