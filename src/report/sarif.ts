import { pathToFileURL } from "node:url";
import type { Log, Notification, Result } from "sarif";
import type { ReportModel, SkillReport, Writer } from "./report.types.js";
import { sarifLevel, sarifRules } from "./sarif-rules.js";
import { verdictLabel } from "./human.js";

const INFORMATION_URI = "https://github.com/skillsign/skillsign";

/**
 * SARIF 2.1.0: one run. A skill given by a relative path gets repository-relative URIs under
 * %SRCROOT% (what code-scanning services resolve); a skill given by an absolute path gets its own
 * uriBaseId. Stages that errored or were skipped become tool execution notifications, so an
 * incomplete analysis is visible in code scanning.
 */
export const sarifWriter: Writer = {
  render(report: ReportModel): string {
    const rules = sarifRules(report.skills.flatMap((s) => s.findings));
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    const baseIds = new Map(report.skills.map((s, i) => [s, `SKILL${i + 1}`]));
    const results: Result[] = report.skills.flatMap((s) => skillResults(s, baseIds.get(s)!, ruleIndex));
    const notifications = [...report.skills.flatMap((s) => stageNotifications(s, baseIds.get(s)!)), ...inputErrorNotifications(report)];
    const log: Log = {
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      version: "2.1.0",
      runs: [
        {
          tool: { driver: { name: "skillsign", version: report.tool.version, semanticVersion: report.tool.version, informationUri: INFORMATION_URI, rules } },
          originalUriBaseIds: Object.fromEntries(report.skills.filter(isAbsolute).map((s) => [baseIds.get(s)!, baseUri(s)])),
          invocations: [{ executionSuccessful: report.inputErrors.length === 0, toolExecutionNotifications: notifications }],
          results,
          properties: {
            ...(report.policyDigest ? { policyDigest: report.policyDigest } : {}),
            ...(report.scope.kind === "partial" ? { scope: report.scope.note } : {}),
            verdicts: report.skills.map((s) => ({ skill: s.name, path: s.path, verdict: s.verdict, verdictLabel: verdictLabel(s), partial: s.partial, stagesNotRun: s.stagesNotRun, ...(s.inferredPermissions ? { inferredPermissions: s.inferredPermissions } : {}) })),
          },
        },
      ],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
  },
};

function skillResults(s: SkillReport, uriBaseId: string, ruleIndex: Map<string, number>): Result[] {
  // A reviewer's waiver (per rule) or a baseline entry (per fingerprint) is an external, accepted
  // suppression: visible, but not an open alert.
  const waived = s.reasons.filter((r) => r.kind === "waived");
  const byRule = new Map(waived.filter((r) => !r.fingerprint).map((r) => [r.ruleId, r.message]));
  const byPrint = new Map(waived.filter((r) => r.fingerprint).map((r) => [r.fingerprint!, r.message]));
  return s.findings.map((f) => {
    const file = f.file ?? s.skillMdPath;
    const suppressed = (f.fingerprint && byPrint.get(f.fingerprint)) || byRule.get(f.ruleId);
    return {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId)!,
      level: sarifLevel(f.severity),
      message: { text: `${f.message}${f.fix ? ` Fix: ${f.fix}` : ""} (skill ${s.name || s.path}: ${verdictLabel(s)})` },
      locations: [{ physicalLocation: { artifactLocation: artifact(s, file, uriBaseId), region: { startLine: Math.max(1, f.line ?? 1) } } }],
      // The same fingerprint as the JSON report's and the baseline's (src/verdict/fingerprint.ts).
      partialFingerprints: { "skillsign/v2": f.fingerprint ?? "" },
      ...(suppressed ? { suppressions: [{ kind: "external" as const, status: "accepted" as const, justification: suppressed }] } : {}),
      properties: { severity: f.severity, ...(f.confidence ? { confidence: f.confidence } : {}), stage: f.stage, skill: s.name, ...(f.evidence ? { evidence: f.evidence } : {}) },
    };
  });
}

function stageNotifications(s: SkillReport, uriBaseId: string): Notification[] {
  const incomplete = new Set(s.reasons.filter((r) => r.kind === "incomplete").map((r) => r.stage));
  return s.stages
    .filter((st) => st.status === "error" || st.status === "skipped")
    .map((st) => ({
      level: st.status === "error" || incomplete.has(st.stageId) ? "error" : "note",
      message: { text: `${s.name || s.path}: stage ${st.stageId} ${st.status}${st.reason ? `: ${st.reason}` : ""}${incomplete.has(st.stageId) ? " (analysis incomplete)" : ""}` },
      descriptor: { id: `stage/${st.stageId}` },
      locations: [{ physicalLocation: { artifactLocation: artifact(s, s.skillMdPath, uriBaseId) } }],
    }));
}

function inputErrorNotifications(report: ReportModel): Notification[] {
  return [
    ...report.inputErrors.map((e): Notification => ({ level: "error", message: { text: `${e.path}: [${e.code}] ${e.message}` }, descriptor: { id: `input/${e.code}` } })),
    ...report.skipped.map((k): Notification => ({ level: "note", message: { text: `${k.path}: skipped (${k.reason})` }, descriptor: { id: "input/skipped-folder" } })),
  ];
}

function isAbsolute(s: SkillReport): boolean {
  return s.path === s.absolutePath;
}

/** A file of a skill: repository-relative under %SRCROOT% when the skill path is relative. */
function artifact(s: SkillReport, file: string, uriBaseId: string): { uri: string; uriBaseId: string } {
  if (isAbsolute(s)) return { uri: encodePath(file), uriBaseId };
  const prefix = s.path === "." ? "" : `${encodePath(s.path.replace(/\/+$/, ""))}/`;
  return { uri: `${prefix}${encodePath(file)}`, uriBaseId: "%SRCROOT%" };
}

/** A skill given by an absolute path: its folder as a file URL. */
function baseUri(s: SkillReport): { uri: string; description: { text: string } } {
  return { uri: `${pathToFileURL(s.absolutePath).href.replace(/\/?$/, "/")}`, description: { text: `skill ${s.name || s.path}` } };
}

function encodePath(p: string): string {
  return p.split("/").map(encodeURIComponent).join("/");
}

