import type { Finding, Severity } from "../../findings.types.js";
import { redactText } from "../../redact.js";
import { readSnapshotText } from "../../snapshot/read.js";
import type { Snapshot } from "../../snapshot/snapshot.types.js";
import { secretEvidence } from "./mask.js";
import type { TrivyReport, TrivyResult } from "./trivy-report.types.js";

export const SKILL_GUEST_ROOT = "skill/";
/** Where install steps put the skill's dependencies inside the image (pip --user). */
const SKILL_GUEST_HOME = "home/skill/";

export interface MappedResults {
  findings: Finding[];
  /** Results outside the skill's paths (base image files and OS packages): not the skill's doing. */
  outsideSkill: number;
}

/** Where a Trivy target lives relative to the skill, or undefined when it is base-image noise. */
export function skillPath(target: string, mode: "image" | "fs"): { file: string; inSnapshot: boolean } | undefined {
  if (mode === "fs") return { file: target.replace(/^\.\//, ""), inSnapshot: true };
  // Image targets are absolute for secrets ("/skill/x") and relative for misconfigurations ("skill/x").
  const path = target.replace(/^\/+/, "");
  if (path.startsWith(SKILL_GUEST_ROOT)) return { file: path.slice(SKILL_GUEST_ROOT.length), inSnapshot: true };
  if (path.startsWith(SKILL_GUEST_HOME)) return { file: `/${path}`, inSnapshot: false };
  return undefined;
}

/** Turns Trivy's report into findings on the skill's own files; everything else is counted, not reported. */
export function mapTrivyReport(report: TrivyReport, mode: "image" | "fs", snap: Snapshot): MappedResults {
  const findings: Finding[] = [];
  let outsideSkill = 0;
  for (const result of report.Results ?? []) {
    const where = skillPath(result.Target, mode);
    if (!where || result.Class === "os-pkgs") {
      outsideSkill += count(result);
      continue;
    }
    findings.push(...secretFindings(result, where, snap), ...misconfigFindings(result, where.file), ...vulnFindings(result, where.file));
  }
  return { findings, outsideSkill };
}

function secretFindings(result: TrivyResult, where: { file: string; inSnapshot: boolean }, snap: Snapshot): Finding[] {
  const lines = where.inSnapshot ? snapshotLines(snap, where.file) : undefined;
  return (result.Secrets ?? []).map((s) => ({
    ruleId: `image-scan.secret.${s.RuleID}`,
    stage: "image-scan",
    severity: severity(s.Severity),
    category: "secret",
    confidence: "high",
    cwe: ["CWE-798"],
    file: where.file,
    line: s.StartLine,
    message: redactText(`${s.Title ?? s.RuleID} baked into ${where.file}`),
    evidence: secretEvidence(s.Match, s.StartLine && lines ? lines[s.StartLine - 1] : undefined),
    fix: "Remove the secret from the skill and rotate it; read credentials from the environment at run time",
  }));
}

function misconfigFindings(result: TrivyResult, file: string): Finding[] {
  return (result.Misconfigurations ?? [])
    .filter((m) => (m.Status ?? "FAIL") === "FAIL")
    .map((m) => ({
      ruleId: `image-scan.misconfig.${m.ID}`,
      stage: "image-scan",
      severity: severity(m.Severity),
      category: "misconfiguration",
      confidence: "medium",
      file,
      line: m.CauseMetadata?.StartLine,
      message: redactText(`${m.Title ?? m.ID}: ${m.Message ?? ""}`.trim()).slice(0, 500),
      fix: m.Resolution ? redactText(m.Resolution) : undefined,
      references: m.PrimaryURL ? [m.PrimaryURL] : undefined,
    }));
}

function vulnFindings(result: TrivyResult, file: string): Finding[] {
  return (result.Vulnerabilities ?? []).map((v) => ({
    ruleId: `image-scan.vuln.${v.VulnerabilityID}`,
    stage: "image-scan",
    severity: severity(v.Severity),
    category: "vulnerable-dependency",
    confidence: "high",
    file,
    message: redactText(`${v.PkgName ?? "package"} ${v.InstalledVersion ?? ""} has ${v.VulnerabilityID}${v.Title ? `: ${v.Title}` : ""}`).slice(0, 500),
    fix: v.FixedVersion ? `Upgrade ${v.PkgName} to ${v.FixedVersion}` : undefined,
    references: v.PrimaryURL ? [v.PrimaryURL] : undefined,
  }));
}

/** Trivy's CRITICAL/HIGH/MEDIUM/LOW; UNKNOWN (or anything new) counts as medium, never as nothing. */
export function severity(s: string | undefined): Severity {
  switch ((s ?? "").toUpperCase()) {
    case "CRITICAL":
      return "critical";
    case "HIGH":
      return "high";
    case "LOW":
      return "low";
    default:
      return "medium";
  }
}

function snapshotLines(snap: Snapshot, file: string): string[] | undefined {
  if (!snap.files.some((f) => f.path === file)) return undefined;
  const t = readSnapshotText(snap, file);
  return t.ok ? t.text.split(/\r?\n/) : undefined;
}

function count(r: TrivyResult): number {
  return (r.Secrets?.length ?? 0) + (r.Misconfigurations?.length ?? 0) + (r.Vulnerabilities?.length ?? 0);
}
