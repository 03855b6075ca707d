import type Database from "better-sqlite3";
import { redactText, redactValue } from "../../redact.js";
import type { AnalysisRecord } from "../store.types.js";

/** Stage results and findings of one submission (inside the caller's transaction), redacted on the way in. */
export function insertResults(db: Database.Database, id: number, a: AnalysisRecord): void {
  const stage = db.prepare(
    `INSERT INTO stage_results (submission_id, stage_id, stage_version, status, reason, skip_kind, tool_json, checks_json, duration_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const s of a.stages) {
    stage.run(id, s.stageId, s.stageVersion, s.status, s.reason === undefined ? null : redactText(s.reason), s.skipKind ?? null, json(s.tool),
      json(s.checks === undefined ? undefined : redactValue(s.checks)), Math.round(s.durationMs));
  }
  const finding = db.prepare(
    `INSERT INTO findings (submission_id, ordinal, rule_id, stage, severity, category, file, line, finding_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  a.findings.forEach((f, i) => {
    const safe = redactValue(f);
    finding.run(id, i, safe.ruleId, safe.stage, safe.severity, safe.category, safe.file ?? null, safe.line ?? null, JSON.stringify(safe));
  });
}

function json(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}
