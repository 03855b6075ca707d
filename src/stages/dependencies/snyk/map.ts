import type { Finding, Severity } from "../../../findings.types.js";
import { redactText } from "../../../redact.js";
import { depFinding } from "../finding.js";
import type { SnykProjectResult, SnykVulnerability } from "./snyk-output.types.js";

export type SnykMapping =
  | { kind: "results"; findings: Finding[]; projects: number; vulnerabilities: number }
  | { kind: "error"; message: string };

const SEVERITY: Record<string, Severity> = { low: "low", medium: "medium", high: "high", critical: "critical" };

/**
 * Pure: turns `snyk test --json` output (one project object, or an array with --all-projects)
 * into findings `dependencies.snyk.<id>`, one per vulnerability and package version.
 */
export function mapSnykOutput(json: unknown): SnykMapping {
  const projects = (Array.isArray(json) ? json : [json]) as SnykProjectResult[];
  if (projects.length === 0 || projects.some((p) => typeof p !== "object" || p === null)) {
    return { kind: "error", message: "snyk printed JSON in an unexpected shape" };
  }
  const failed = projects.filter((p) => typeof p.error === "string" || (!Array.isArray(p.vulnerabilities) && p.ok !== true));
  if (failed.length > 0) {
    return { kind: "error", message: redactText(failed.map((p) => firstLine(p.error ?? "no vulnerabilities list in the output")).join("; ")) };
  }
  const findings: Finding[] = [];
  const seen = new Set<string>();
  let count = 0;
  for (const p of projects) {
    const file = p.displayTargetFile ?? p.targetFile;
    for (const v of p.vulnerabilities ?? []) {
      const key = `${file}\0${v.id}\0${v.packageName}\0${v.version}`;
      if (seen.has(key)) continue; // Snyk lists a vulnerability once per dependency path.
      seen.add(key);
      count++;
      findings.push(vulnFinding(v, file));
    }
  }
  return { kind: "results", findings, projects: projects.length, vulnerabilities: count };
}

function vulnFinding(v: SnykVulnerability, file: string | undefined): Finding {
  const path = (v.from ?? []).join(" > ");
  const fixed = (v.fixedIn ?? []).filter((x) => typeof x === "string" && x.length > 0);
  const fix =
    fixed.length > 0
      ? `Upgrade ${v.packageName} to ${fixed.join(" or ")}${v.isUpgradable === false && path.includes(" > ") ? " (it comes in through another package: upgrade or replace that one)" : ""}.`
      : `No fixed release of ${v.packageName} exists yet: remove it or replace it with another package.`;
  const cwe = (v.identifiers?.CWE ?? []).filter((c) => /^CWE-\d+$/.test(c));
  const cve = v.identifiers?.CVE ?? [];
  return depFinding({
    rule: `snyk.${v.id}`,
    severity: SEVERITY[String(v.severity).toLowerCase()] ?? "medium",
    category: "vulnerable-dependency",
    message: `${v.title} in ${v.packageName}@${v.version}${cve.length > 0 ? ` (${cve.join(", ")})` : ""}${path ? `, introduced through ${path}` : ""}.`,
    fix,
    file,
    evidence: `${v.packageName}@${v.version}`,
    ...(cwe.length > 0 ? { cwe } : {}),
    references: [`https://security.snyk.io/vuln/${encodeURIComponent(v.id)}`],
  });
}

function firstLine(s: string): string {
  return s.trim().split("\n")[0]!.slice(0, 300);
}
