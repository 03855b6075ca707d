import type pg from "pg";
import { redactText, redactValue } from "../../redact.js";
import type { AnalysisRecord } from "../store.types.js";

/** Stage results (in pipeline order) and findings of one submission, inside the caller's transaction. */
export async function insertResultsPg(c: pg.PoolClient, id: number, a: AnalysisRecord): Promise<void> {
  let ordinal = 0;
  for (const s of a.stages) {
    await c.query(
      `INSERT INTO stage_results (submission_id, stage_id, stage_version, status, reason, skip_kind, tool_json, checks_json, duration_ms, ordinal)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [id, s.stageId, s.stageVersion, s.status, s.reason === undefined ? null : redactText(s.reason), s.skipKind ?? null, json(s.tool),
        json(s.checks === undefined ? undefined : redactValue(s.checks)), Math.round(s.durationMs), ordinal++],
    );
  }
  let i = 0;
  for (const f of a.findings) {
    const safe = redactValue(f);
    await c.query(
      `INSERT INTO findings (submission_id, ordinal, rule_id, stage, severity, category, file, line, finding_json)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, i++, safe.ruleId, safe.stage, safe.severity, safe.category, safe.file ?? null, safe.line ?? null, JSON.stringify(safe)],
    );
  }
}

function json(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}
