import { createHash } from "node:crypto";
import type { Finding } from "../findings.types.js";
import { redactText } from "../redact.js";

/**
 * A finding's stable identity for baselines and SARIF partialFingerprints: skill name, rule, file
 * and the normalised evidence (else the message). Line numbers are left out and stripped from the
 * text, so a finding keeps its fingerprint when unrelated edits move its line. Identical findings
 * in one file get an occurrence suffix (`…:2`) in file order.
 */
export function fingerprintFindings(skill: string, findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = sha256([skill, f.ruleId, f.file ?? "", normalise(redactText(f.evidence ?? f.message))].join("\0")).slice(0, 32);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return `${base}:${n}`;
  });
}

/** Whitespace collapsed, `file:12` line references and counts of other places removed. */
export function normalise(text: string): string {
  return text
    .replace(/(\S):\d+(?::\d+)?\b/g, "$1")
    .replace(/\(and \d+ more places?[^)]*\)/g, "")
    .replace(/\bline \d+\b/gi, "line")
    .replace(/\s+/g, " ")
    .trim();
}

function sha256(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}
