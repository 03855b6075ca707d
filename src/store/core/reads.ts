import type { Finding } from "../../findings.types.js";
import * as map from "../rows.js";
import type { SubmissionQuery } from "../store.js";
import type { AuditEntry, KeyRecord, ReviewRecord, SignatureRecord, StoredStageResult, SubmissionRecord, WaiverRecord } from "../store.types.js";
import type { SqlDb } from "./sql.js";

/** The read side of the store, the same SQL on both dialects; no transaction needed. */
export class StoreReads {
  constructor(protected readonly db: SqlDb) {}

  async getSubmission(id: number, db: SqlDb = this.db): Promise<SubmissionRecord | undefined> {
    const r = await db.get("SELECT * FROM submissions WHERE id = ?", [id]);
    return r && map.toSubmission(r as unknown as map.SubmissionRow);
  }

  async listSubmissions(q: SubmissionQuery = {}): Promise<SubmissionRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.state) (where.push("state = ?"), args.push(q.state));
    if (q.skillName) (where.push("skill_name = ?"), args.push(q.skillName));
    const sql = `SELECT * FROM submissions ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY id ${q.order === "newest" ? "DESC" : "ASC"} ${q.limit ? `LIMIT ${Math.floor(q.limit)}` : ""}`;
    return (await this.db.all(sql, args)).map((r) => map.toSubmission(r as unknown as map.SubmissionRow));
  }

  async stageResults(id: number): Promise<StoredStageResult[]> {
    return (await this.db.all("SELECT * FROM stage_results WHERE submission_id = ? ORDER BY ordinal", [id])).map(map.toStageResult);
  }

  async findings(id: number): Promise<Finding[]> {
    return (await this.db.all("SELECT finding_json FROM findings WHERE submission_id = ? ORDER BY ordinal", [id])).map(map.toFinding);
  }

  async lastApproved(skillName: string, beforeId?: number): Promise<SubmissionRecord | undefined> {
    const r = await this.db.get("SELECT * FROM submissions WHERE skill_name = ? AND state = 'approved' AND id < ? ORDER BY id DESC LIMIT 1", [
      skillName, beforeId ?? 2 ** 31 - 1,
    ]);
    return r && map.toSubmission(r as unknown as map.SubmissionRow);
  }

  async reviews(id: number): Promise<ReviewRecord[]> {
    return (await this.db.all("SELECT * FROM reviews WHERE submission_id = ? ORDER BY id", [id])).map(map.toReview);
  }

  async activeWaivers(skillName: string, now: Date): Promise<WaiverRecord[]> {
    return (await this.db.all("SELECT * FROM waivers WHERE skill_name = ? AND expires_at > ? ORDER BY id", [skillName, now.toISOString()])).map(map.toWaiver);
  }

  async signatures(skillName: string): Promise<SignatureRecord[]> {
    return (await this.db.all("SELECT * FROM skills_signatures WHERE skill_name = ? ORDER BY sequence", [skillName])).map(map.toSignature);
  }

  async signatureFor(submissionId: number): Promise<SignatureRecord | undefined> {
    const r = await this.db.get("SELECT * FROM skills_signatures WHERE submission_id = ? ORDER BY sequence DESC LIMIT 1", [submissionId]);
    return r && map.toSignature(r);
  }

  async auditLog(submissionId?: number): Promise<AuditEntry[]> {
    const all = submissionId === undefined
      ? await this.db.all("SELECT * FROM audit_log ORDER BY id")
      : await this.db.all("SELECT * FROM audit_log WHERE submission_id = ? ORDER BY id", [submissionId]);
    return all.map(map.toAudit);
  }

  async keys(): Promise<KeyRecord[]> {
    return (await this.db.all("SELECT * FROM keys ORDER BY added_at, key_id")).map(map.toKey);
  }

  /** The uploaded archive of a service submission (bytes exactly as received). */
  async upload(id: number): Promise<Buffer | undefined> {
    const r = await this.db.get("SELECT archive FROM uploads WHERE submission_id = ?", [id]);
    return r ? Buffer.from(r.archive as Uint8Array) : undefined;
  }
}
