import type Database from "better-sqlite3";
import type { Finding } from "../../findings.types.js";
import type { SubmissionQuery } from "../store.js";
import type { AuditEntry, KeyRecord, ReviewRecord, SignatureRecord, StoredStageResult, SubmissionRecord, WaiverRecord } from "../store.types.js";
import * as rows from "../rows.js";

type Row = Record<string, unknown>;

/** The read side of the SQLite store: plain queries, no transactions needed. */
export class SqliteReads {
  constructor(private readonly db: Database.Database) {}

  submission(id: number): SubmissionRecord | undefined {
    const r = this.db.prepare("SELECT * FROM submissions WHERE id = ?").get(id) as rows.SubmissionRow | undefined;
    return r && rows.toSubmission(r);
  }

  submissions(q: SubmissionQuery = {}): SubmissionRecord[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.state) (where.push("state = ?"), args.push(q.state));
    if (q.skillName) (where.push("skill_name = ?"), args.push(q.skillName));
    const sql = `SELECT * FROM submissions ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY id ${q.order === "newest" ? "DESC" : "ASC"} ${q.limit ? `LIMIT ${Math.floor(q.limit)}` : ""}`;
    return (this.db.prepare(sql).all(...args) as rows.SubmissionRow[]).map(rows.toSubmission);
  }

  stageResults(id: number): StoredStageResult[] {
    return (this.db.prepare("SELECT * FROM stage_results WHERE submission_id = ? ORDER BY rowid").all(id) as Row[]).map(rows.toStageResult);
  }

  findings(id: number): Finding[] {
    return (this.db.prepare("SELECT finding_json FROM findings WHERE submission_id = ? ORDER BY ordinal").all(id) as Row[]).map(rows.toFinding);
  }

  lastApproved(skillName: string, beforeId?: number): SubmissionRecord | undefined {
    const r = this.db
      .prepare("SELECT * FROM submissions WHERE skill_name = ? AND state = 'approved' AND id < ? ORDER BY id DESC LIMIT 1")
      .get(skillName, beforeId ?? Number.MAX_SAFE_INTEGER) as rows.SubmissionRow | undefined;
    return r && rows.toSubmission(r);
  }

  reviews(id: number): ReviewRecord[] {
    return (this.db.prepare("SELECT * FROM reviews WHERE submission_id = ? ORDER BY id").all(id) as Row[]).map(rows.toReview);
  }

  activeWaivers(skillName: string, now: Date): WaiverRecord[] {
    return (this.db.prepare("SELECT * FROM waivers WHERE skill_name = ? AND expires_at > ? ORDER BY id").all(skillName, now.toISOString()) as Row[]).map(rows.toWaiver);
  }

  waiver(id: number | bigint): WaiverRecord {
    return rows.toWaiver(this.db.prepare("SELECT * FROM waivers WHERE id = ?").get(id) as Row);
  }

  signatures(skillName: string): SignatureRecord[] {
    return (this.db.prepare("SELECT * FROM skills_signatures WHERE skill_name = ? ORDER BY sequence").all(skillName) as Row[]).map(rows.toSignature);
  }

  signature(id: number | bigint): SignatureRecord {
    return rows.toSignature(this.db.prepare("SELECT * FROM skills_signatures WHERE id = ?").get(id) as Row);
  }

  signatureFor(submissionId: number): SignatureRecord | undefined {
    const r = this.db.prepare("SELECT * FROM skills_signatures WHERE submission_id = ? ORDER BY sequence DESC LIMIT 1").get(submissionId);
    return r ? rows.toSignature(r as Row) : undefined;
  }

  auditLog(submissionId?: number): AuditEntry[] {
    const all =
      submissionId === undefined
        ? this.db.prepare("SELECT * FROM audit_log ORDER BY id").all()
        : this.db.prepare("SELECT * FROM audit_log WHERE submission_id = ? ORDER BY id").all(submissionId);
    return (all as Row[]).map(rows.toAudit);
  }

  keys(): KeyRecord[] {
    return (this.db.prepare("SELECT * FROM keys ORDER BY added_at, key_id").all() as Row[]).map(rows.toKey);
  }
}
