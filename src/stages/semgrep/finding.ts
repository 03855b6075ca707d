import type { Confidence, Finding, Severity } from "../../findings.types.js";
import { SEVERITIES } from "../../findings.types.js";
import { redactText } from "../../redact.js";
import type { SemgrepResult } from "./semgrep-output.types.js";

const SEMGREP_SEVERITY: Record<string, Severity> = { ERROR: "high", WARNING: "medium", INFO: "low" };

/**
 * Turns one semgrep result into a finding. `relPath` is relative to the skill root and
 * `readLines` supplies the source when semgrep withholds it ("requires login").
 */
export function resultToFinding(
  r: SemgrepResult,
  relPath: string,
  category: string | undefined,
  readLines: (from: number, to: number) => string | undefined,
): Finding {
  const meta = r.extra.metadata ?? {};
  const { message, fix } = splitMessage(r.extra.message ?? r.check_id);
  const finding: Finding = {
    ruleId: `semgrep.${r.check_id}`,
    stage: "semgrep",
    severity: severityOf(r.extra.severity, meta["skillsign-severity"]),
    category: category ?? stringOr(meta.category, "security"),
    message,
    file: relPath,
    line: r.start.line,
  };
  const confidence = confidenceOf(meta.confidence);
  if (confidence) finding.confidence = confidence;
  const cwe = cweIds(meta.cwe);
  if (cwe.length > 0) finding.cwe = cwe;
  const evidence = evidenceOf(r, readLines);
  if (evidence) finding.evidence = evidence;
  if (fix) finding.fix = fix;
  const refs = stringList(meta.references);
  if (refs.length > 0) finding.references = refs;
  return finding;
}

/** Rule messages end in "Fix: ..."; the fix is reported on its own. */
export function splitMessage(raw: string): { message: string; fix?: string } {
  const text = raw.replace(/\s+/g, " ").trim();
  const at = text.search(/\bFix:\s/);
  if (at < 0) return { message: text };
  return { message: text.slice(0, at).trim(), fix: text.slice(at + 4).trim() };
}

function severityOf(semgrepSeverity: string | undefined, override: unknown): Severity {
  if (typeof override === "string" && (SEVERITIES as readonly string[]).includes(override)) return override as Severity;
  return SEMGREP_SEVERITY[(semgrepSeverity ?? "").toUpperCase()] ?? "medium";
}

function confidenceOf(v: unknown): Confidence | undefined {
  const s = typeof v === "string" ? v.toLowerCase() : "";
  return s === "low" || s === "medium" || s === "high" ? s : undefined;
}

/** "CWE-78: Improper Neutralization..." → "CWE-78". */
function cweIds(v: unknown): string[] {
  return stringList(v)
    .map((s) => /CWE-\d+/.exec(s)?.[0])
    .filter((s): s is string => s !== undefined);
}

const MAX_EVIDENCE_LINES = 3;
const MAX_EVIDENCE_CHARS = 300;

function evidenceOf(r: SemgrepResult, readLines: (from: number, to: number) => string | undefined): string | undefined {
  const given = r.extra.lines;
  const usable = given && given.trim() !== "" && given.trim() !== "requires login";
  const to = Math.min(r.end.line, r.start.line + MAX_EVIDENCE_LINES - 1);
  const raw = usable ? given.split("\n").slice(0, MAX_EVIDENCE_LINES).join("\n") : readLines(r.start.line, to);
  if (!raw) return undefined;
  const trimmed = raw.trim();
  const clipped = trimmed.length > MAX_EVIDENCE_CHARS ? `${trimmed.slice(0, MAX_EVIDENCE_CHARS)}…` : trimmed;
  return redactText(clipped);
}

function stringList(v: unknown): string[] {
  if (typeof v === "string") return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function stringOr(v: unknown, fallback: string): string {
  return typeof v === "string" && v.length > 0 ? v : fallback;
}
