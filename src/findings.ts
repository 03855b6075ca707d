import { SEVERITIES, type Finding, type Severity } from "./findings.types.js";

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Findings are sorted by stage, file, line and ruleId before anything reads them. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.stage, b.stage) ||
    cmp(a.file ?? "", b.file ?? "") ||
    (a.line ?? 0) - (b.line ?? 0) ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
