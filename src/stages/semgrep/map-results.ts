import { sep } from "node:path";
import type { Finding } from "../../findings.types.js";
import { redactText } from "../../redact.js";
import { readSnapshotText } from "../../snapshot/read.js";
import type { Snapshot } from "../../snapshot/snapshot.types.js";
import { resultToFinding } from "./finding.js";
import type { SemgrepError, SemgrepOutput } from "./semgrep-output.types.js";
import { lowerIfTestFile, testsToldToRun } from "./test-paths.js";

export interface SkillScan {
  snapshot: Snapshot;
  /** Code files (relative) the stage expects semgrep to have scanned. */
  codeFiles: string[];
}

/**
 * Splits one semgrep run over many snapshots into findings per skill, by path prefix.
 * Skills with identical content share a snapshot root, so each of them gets the findings.
 */
export function mapResults(out: SemgrepOutput, scans: SkillScan[], categories: ReadonlyMap<string, string>): Finding[][] {
  const perSkill = scans.map(() => [] as Finding[]);
  const owners = (absPath: string) => ownersOf(absPath, scans);
  const toldToRun = scans.map((s) => testsToldToRun(s.snapshot));

  for (const r of out.results) {
    for (const { index, rel } of owners(r.path)) {
      const snap = scans[index]!.snapshot;
      const finding = resultToFinding(r, rel, categories.get(r.check_id), (a, b) => readLines(snap, rel, a, b));
      perSkill[index]!.push(lowerIfTestFile(finding, toldToRun[index]));
    }
  }
  for (const e of out.errors) {
    if (!e.path) continue;
    for (const { index, rel } of owners(e.path)) perSkill[index]!.push(incomplete(rel, describe(e, rel)));
  }
  const scanned = new Set(out.paths?.scanned ?? []);
  scans.forEach((scan, i) => {
    const reported = new Set(perSkill[i]!.filter((f) => f.ruleId === INCOMPLETE).map((f) => f.file));
    for (const rel of scan.codeFiles) {
      if (!reported.has(rel) && !scanned.has(`${scan.snapshot.root}${sep}${rel.split("/").join(sep)}`)) {
        perSkill[i]!.push(incomplete(rel, "semgrep did not scan this file (too large, or not recognised as code)"));
      }
    }
  });
  return perSkill.map(capPerRule);
}

/** A hostile skill can match a rule thousands of times; reports keep the first few per rule. */
export const MAX_FINDINGS_PER_RULE = 25;

function capPerRule(findings: Finding[]): Finding[] {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  const kept: Finding[] = [];
  const seen = new Map<string, number>();
  for (const f of findings) {
    const n = (seen.get(f.ruleId) ?? 0) + 1;
    seen.set(f.ruleId, n);
    if (n > MAX_FINDINGS_PER_RULE) continue;
    const total = counts.get(f.ruleId)!;
    kept.push(n === MAX_FINDINGS_PER_RULE && total > n ? { ...f, message: `${f.message} (${total - n} more matches of this rule not listed)` } : f);
  }
  return kept;
}

function ownersOf(absPath: string, scans: SkillScan[]): { index: number; rel: string }[] {
  const found: { index: number; rel: string }[] = [];
  scans.forEach((s, index) => {
    const prefix = s.snapshot.root.endsWith(sep) ? s.snapshot.root : s.snapshot.root + sep;
    if (absPath.startsWith(prefix)) found.push({ index, rel: absPath.slice(prefix.length).split(sep).join("/") });
  });
  return found;
}

const INCOMPLETE = "semgrep.analysis-incomplete";

function incomplete(file: string, why: string): Finding {
  return {
    ruleId: INCOMPLETE,
    stage: "semgrep",
    severity: "low",
    category: "analysis",
    confidence: "high",
    message: `Semgrep could not fully analyse this file: ${why}. Code it could not read was not checked.`,
    file,
    fix: "Make sure the file is valid source code in its language and not minified or generated.",
  };
}

/** The error in the skill's own terms: its absolute snapshot path (run-specific) becomes the relative one. */
function describe(e: SemgrepError, rel: string): string {
  const type = Array.isArray(e.type) ? String(e.type[0]) : (e.type ?? "error");
  const msg = (e.message ?? "").split(e.path ?? "\0").join(rel).replace(/\s+/g, " ").trim().slice(0, 200);
  return redactText(msg ? `${type}: ${msg}` : type);
}

function readLines(snap: Snapshot, rel: string, from: number, to: number): string | undefined {
  try {
    const decoded = readSnapshotText(snap, rel);
    if (!decoded.ok) return undefined;
    return decoded.text.split(/\r?\n/).slice(from - 1, to).join("\n");
  } catch {
    return undefined;
  }
}
