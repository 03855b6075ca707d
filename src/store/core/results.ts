import { redactText, redactValue } from "../../redact.js";
import type { AnalysisRecord } from "../store.types.js";
import type { SqlTx } from "./sql.js";

/** Stage results (in pipeline order) and findings of one submission, inside the caller's transaction, redacted on the way in. */
export async function insertResults(tx: SqlTx, id: number, a: AnalysisRecord): Promise<void> {
  let ordinal = 0;
  for (const s of a.stages) {
    await tx.run(
      `INSERT INTO stage_results (submission_id, stage_id, stage_version, status, reason, skip_kind, tool_json, checks_json, duration_ms, ordinal)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, s.stageId, s.stageVersion, s.status, s.reason === undefined ? null : redactText(s.reason), s.skipKind ?? null, json(s.tool),
        json(s.checks === undefined ? undefined : redactValue(s.checks)), Math.round(s.durationMs), ordinal++],
    );
  }
  let i = 0;
  for (const f of a.findings) {
    const safe = redactValue(f);
    await tx.run(
      `INSERT INTO findings (submission_id, ordinal, rule_id, stage, severity, category, file, line, finding_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, i++, safe.ruleId, safe.stage, safe.severity, safe.category, safe.file ?? null, safe.line ?? null, JSON.stringify(safe)],
    );
  }
}

function json(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}
