import type { Confidence, Finding, Severity } from "../../findings.types.js";
import { redactText } from "../../redact.js";

export interface DepFindingInput {
  rule: string;
  severity: Severity;
  category: string;
  message: string;
  fix: string;
  file?: string;
  line?: number;
  evidence?: string;
  confidence?: Confidence;
  cwe?: string[];
  references?: string[];
}

/** Builds a dependencies finding; evidence always goes through redactText. */
export function depFinding(i: DepFindingInput): Finding {
  const f: Finding = {
    ruleId: `dependencies.${i.rule}`,
    stage: "dependencies",
    severity: i.severity,
    category: i.category,
    message: i.message,
    fix: i.fix,
    confidence: i.confidence ?? "high",
  };
  if (i.file) f.file = i.file;
  if (i.line !== undefined) f.line = i.line;
  if (i.evidence) f.evidence = redactText(i.evidence.length > 300 ? `${i.evidence.slice(0, 300)}…` : i.evidence);
  if (i.cwe) f.cwe = i.cwe;
  if (i.references) f.references = i.references;
  return f;
}
