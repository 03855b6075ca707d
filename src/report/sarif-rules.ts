import type { ReportingDescriptor } from "sarif";
import type { Finding, Severity } from "../findings.types.js";
import { severityRank } from "../findings.js";
import { ruleText } from "./rule-catalog.js";

/** GitHub code scanning reads this number: ≥9 critical, ≥7 high, ≥4 medium, >0 low. */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0", info: "0.0" };

export function sarifLevel(s: Severity): "error" | "warning" | "note" {
  return severityRank(s) >= severityRank("high") ? "error" : s === "medium" ? "warning" : "note";
}

/** One rule per ruleId, described by the rule itself (rule-catalog.ts) and rated by its worst finding. */
export function sarifRules(findings: readonly Finding[]): ReportingDescriptor[] {
  const byId = new Map<string, Finding[]>();
  for (const f of findings) byId.set(f.ruleId, [...(byId.get(f.ruleId) ?? []), f]);
  return [...byId.keys()].sort().map((id) => {
    const group = byId.get(id)!;
    const first = group[0]!;
    const worst = group.reduce((w, f) => (severityRank(f.severity) > severityRank(w.severity) ? f : w), first);
    const cwe = [...new Set(group.flatMap((f) => f.cwe ?? []))].sort();
    const text = ruleText(id);
    const fix = text.help ?? group.find((f) => f.fix)?.fix;
    return {
      id,
      name: pascalCase(id),
      shortDescription: { text: text.short },
      fullDescription: { text: text.full },
      ...(fix ? { help: { text: fix, markdown: fix } } : {}),
      defaultConfiguration: { level: sarifLevel(worst.severity) },
      properties: {
        "security-severity": SECURITY_SEVERITY[worst.severity],
        tags: ["security", first.category, `stage:${first.stage}`, ...cwe.map((c) => `external/cwe/${c.toLowerCase()}`)],
        ...(cwe.length > 0 ? { cwe } : {}),
      },
    };
  });
}

/** SARIF1001: a rule's name must differ from its id; "patterns.curl-pipe-sh" → "PatternsCurlPipeSh". */
function pascalCase(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}
