import type { Finding, Severity } from "../../findings.types.js";
import { severityRank } from "../../findings.js";
import { redactText } from "../../redact.js";
import type { MatchContext } from "./context.js";
import type { RawMatch } from "./match.js";
import type { ScanDoc } from "./text.js";
import { showInvisible } from "./unicode.js";

export const STAGE_ID = "patterns";
export const MAX_EVIDENCE = 200;

/** Turns a match into a finding: context lowers confidence and caps severity, and says why. */
export function toFinding(doc: ScanDoc, m: RawMatch, ctx: MatchContext): Finding {
  const e = m.pattern.entry;
  let severity: Severity = e.severity;
  let confidence = e.confidence;
  let message = e.message;
  if (ctx.kind === "vendor-install") {
    // Shown in the docs or printed as advice: low. Run by a shipped script: still for a human to judge.
    severity = capSeverity(severity, ctx.printed ? "low" : "high");
    confidence = "medium";
    message = `${message} [lowered: ${ctx.reason}]`;
  } else if (ctx.kind === "data") {
    // Shown to the creator, not a reason for review; a critical phrase (instruction override) still is.
    severity = capSeverity(severity, severity === "critical" ? "medium" : "low");
    confidence = "low";
    message = `${message} [lowered: ${ctx.reason}]`;
  } else if (ctx.kind !== "direct") {
    // Negated text is a warning to the reader; mentions and fixtures still deserve a look (review at most).
    severity = capSeverity(severity, ctx.kind === "negated" ? "low" : "medium");
    confidence = "low";
    message = `${message} [lowered: ${ctx.reason}]`;
  }
  return {
    ruleId: `patterns.${e.id}`,
    stage: STAGE_ID,
    severity,
    category: e.category,
    message,
    confidence,
    cwe: e.cwe,
    file: doc.path,
    line: m.line,
    evidence: evidence(doc, m),
    fix: e.fix,
    ...(e.references ? { references: e.references } : {}),
  };
}

function capSeverity(s: Severity, cap: Severity): Severity {
  return severityRank(s) > severityRank(cap) ? cap : s;
}

/** The matched line (or decoded payload), redacted and at most MAX_EVIDENCE characters. */
export function evidence(doc: ScanDoc, m: RawMatch): string {
  if (m.decoded !== undefined) return clipRedacted(`decodes to: ${oneLine(m.decoded)}`);
  if (m.hidden?.cls === "tag") return clipRedacted(`hidden tag characters spell: "${oneLine(m.hidden.text ?? "")}"`);
  // The logical line around the match: a joined variant (backslash continuations) spans several.
  const lineStart = doc.text.lastIndexOf("\n", m.index - 1) + 1;
  const lineEnd = doc.text.indexOf("\n", m.index);
  const text = doc.text.slice(lineStart, lineEnd < 0 ? doc.text.length : lineEnd);
  const col = m.index - lineStart;
  // Start the window at a word boundary so a secret is never cut in half before redaction.
  let start = Math.max(0, col - 60);
  while (start > 0 && start > col - 160 && !/\s/.test(text[start - 1]!)) start--;
  const window = text.slice(start, Math.max(col + m.length, start) + 240);
  const shown = m.hidden ? showInvisible(window) : window;
  return clipRedacted(`${start > 0 ? "…" : ""}${shown.trim()}`);
}

function clipRedacted(s: string): string {
  const r = redactText(s);
  return r.length > MAX_EVIDENCE ? `${r.slice(0, MAX_EVIDENCE - 1)}…` : r;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim().slice(0, 400);
}
