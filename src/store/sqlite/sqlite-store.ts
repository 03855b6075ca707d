import type Database from "better-sqlite3";
import type { Finding } from "../../findings.types.js";
import { redactText, redactValue } from "../../report/redact.js";
import { StoreError } from "../error.js";
import { livenessOf } from "../liveness.js";
import type { Completed, Completion, NewWaiver, ReviewDecisionInput, Store, SubmissionQuery } from "../store.js";
import type {
  AnalysisRecord,
  AuditEntry,
  KeyRecord,
  NewSubmission,
  ReviewRecord,
  SignRequest,
  SignatureRecord,
  StoredStageResult,
  SubmissionRecord,
  WaiverRecord,
} from "../store.types.js";
import { connect } from "./connect.js";
import { migrate } from "./migrate.js";
import * as rows from "./rows.js";
import { TxRunner } from "./tx.js";

export const DIED_REASON = "process died during analysis";

export interface SqliteStoreOptions {
  clock?: () => Date;
}

/** The embedded store: one SQLite file in WAL mode, shared safely by concurrent processes. */
export class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  private readonly db: Database.Database;
  private readonly tx: TxRunner;
  private readonly clock: () => Date;

  constructor(
    readonly file: string,
    opts: SqliteStoreOptions = {},
  ) {
    this.clock = opts.clock ?? (() => new Date());
    this.db = connect(file);
    migrate(this.db, undefined, this.clock);
    this.tx = new TxRunner(this.db);
  }

  /** Escape hatch for tests and integrity checks; never used to write. */
  get database(): Database.Database {
    return this.db;
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private audit(actor: string, action: string, submissionId: number | null, from: string | null, to: string | null, reason: string | null): void {
    this.db
      .prepare("INSERT INTO audit_log (at, actor, action, submission_id, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(this.now(), actor, action, submissionId, from, to, reason === null ? null : redactText(reason));
  }

  private row(id: number): SubmissionRecord {
    const r = this.db.prepare("SELECT * FROM submissions WHERE id = ?").get(id) as rows.SubmissionRow | undefined;
    if (!r) throw new StoreError("SUBMISSION_NOT_FOUND", `no submission with id ${id}`);
    return rows.toSubmission(r);
  }

  async recoverAbandoned(actor: string): Promise<number[]> {
    const running = (this.db.prepare("SELECT * FROM submissions WHERE state = 'running' ORDER BY id").all() as rows.SubmissionRow[]).map(rows.toSubmission);
    const dead = running.filter((s) => s.owner && livenessOf(s.owner) === "dead").map((s) => s.id);
    const recovered: number[] = [];
    for (const id of dead) {
      const changed = await this.tx.run(() => {
        const current = this.row(id);
        if (current.state !== "running") return false;
        this.setState(id, "failed", { failure_reason: DIED_REASON });
        this.audit(actor, "recover", id, "running", "failed", DIED_REASON);
        return true;
      });
      if (changed) recovered.push(id);
    }
    return recovered;
  }

  private setState(id: number, state: string, extra: Record<string, string | number | null> = {}): void {
    const cols = Object.keys(extra);
    const sets = ["state = ?", "updated_at = ?", ...cols.map((c) => `${c} = ?`)].join(", ");
    this.db.prepare(`UPDATE submissions SET ${sets} WHERE id = ?`).run(state, this.now(), ...cols.map((c) => extra[c] ?? null), id);
  }

  async createSubmission(input: NewSubmission): Promise<SubmissionRecord> {
    return this.tx.run(() => {
      const at = this.now();
      const info = this.db
        .prepare(
          `INSERT INTO submissions (skill_name, path, state, source, submitted_by, owner_pid, owner_host, owner_start, created_at, updated_at)
           VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(input.skillName, input.path, input.source, input.submittedBy, input.owner.pid, input.owner.host, input.owner.startTime, at, at);
      const id = Number(info.lastInsertRowid);
      this.audit(input.submittedBy, "submit", id, null, "running", `${input.source} of ${input.path} by pid ${input.owner.pid}@${input.owner.host}`);
      return this.row(id);
    });
  }

  async completeSubmission(id: number, a: AnalysisRecord, c: Completion): Promise<Completed> {
    return this.tx.run(async () => {
      const current = this.row(id);
      if (current.state !== "running") {
        throw new StoreError("STORE_CONFLICT", `submission ${id} is no longer running (it is ${current.state}); its results were not recorded`);
      }
      this.db
        .prepare(
          `UPDATE submissions SET skill_name = ?, version = ?, content_hash = ?, permissions_hash = ?, permissions_json = ?,
             files_json = ?, verdict_json = ?, policy_digest = ? WHERE id = ?`,
        )
        .run(a.skillName, a.version, a.contentHash, a.permissionsHash, JSON.stringify(a.permissions), JSON.stringify(a.files),
          JSON.stringify(redactValue(a.verdict) ?? null), a.policyDigest, id);
      this.insertResults(id, a);
      this.setState(id, c.state, { creator_notice: c.creatorNotice === undefined ? null : redactText(c.creatorNotice) });
      this.audit(c.actor, "analyse", id, "running", c.state, c.reason);
      const signature = c.sign ? await this.insertSignature(id, a.skillName, a.version, a.contentHash, a.permissionsHash, c.sign, c.actor) : undefined;
      return { submission: this.row(id), signature };
    });
  }

  private insertResults(id: number, a: AnalysisRecord): void {
    const stage = this.db.prepare(
      `INSERT INTO stage_results (submission_id, stage_id, stage_version, status, reason, skip_kind, tool_json, checks_json, duration_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const s of a.stages) {
      stage.run(id, s.stageId, s.stageVersion, s.status, s.reason === undefined ? null : redactText(s.reason), s.skipKind ?? null, json(s.tool),
        json(s.checks === undefined ? undefined : redactValue(s.checks)), Math.round(s.durationMs));
    }
    const finding = this.db.prepare(
      `INSERT INTO findings (submission_id, ordinal, rule_id, stage, severity, category, file, line, finding_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    a.findings.forEach((f, i) => {
      const safe = redactValue(f);
      finding.run(id, i, safe.ruleId, safe.stage, safe.severity, safe.category, safe.file ?? null, safe.line ?? null, JSON.stringify(safe));
    });
  }

  /** Takes the next sequence number for the skill and signs, inside the caller's transaction. */
  private async insertSignature(id: number, skill: string, version: string, contentHash: string, permissionsHash: string, req: SignRequest, actor: string): Promise<SignatureRecord> {
    const max = (this.db.prepare("SELECT MAX(sequence) AS m FROM skills_signatures WHERE skill_name = ?").get(skill) as { m: number | null }).m ?? 0;
    const sequence = max + 1;
    this.db.prepare("INSERT OR IGNORE INTO keys (key_id, public_key, added_at, status) VALUES (?, ?, ?, 'active')").run(req.keyId, req.publicKey, this.now());
    const { envelope, signedAt } = await req.sign(sequence);
    const info = this.db
      .prepare(
        `INSERT INTO skills_signatures (skill_name, version, sequence, content_hash, permissions_hash, envelope_json, key_id, signed_at, submission_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(skill, version, sequence, contentHash, permissionsHash, JSON.stringify(envelope), req.keyId, signedAt, id);
    this.audit(actor, "sign", id, null, null, `sequence ${sequence} with key ${req.keyId}`);
    return rows.toSignature(this.db.prepare("SELECT * FROM skills_signatures WHERE id = ?").get(info.lastInsertRowid) as Record<string, unknown>);
  }

  async failSubmission(id: number, reason: string, actor: string): Promise<SubmissionRecord> {
    return this.tx.run(() => {
      const current = this.row(id);
      if (current.state !== "running" && current.state !== "recorded") return current;
      this.setState(id, "failed", { failure_reason: redactText(reason) });
      this.audit(actor, "fail", id, current.state, "failed", reason);
      return this.row(id);
    });
  }

  failNow(ids: readonly number[], reason: string, actor: string): number[] {
    // Inside an unfinished async transaction a write would be rolled back with it: leave it to recovery.
    if (this.db.inTransaction) return [];
    const failed: number[] = [];
    this.db
      .transaction(() => {
        for (const id of ids) {
          const current = this.db.prepare("SELECT state FROM submissions WHERE id = ?").get(id) as { state: string } | undefined;
          if (current?.state !== "running") continue;
          this.setState(id, "failed", { failure_reason: redactText(reason) });
          this.audit(actor, "fail", id, "running", "failed", reason);
          failed.push(id);
        }
      })
      .immediate();
    return failed;
  }

  async decideReview(id: number, input: ReviewDecisionInput): Promise<Completed> {
    return this.tx.run(async () => {
      const current = this.row(id);
      if (current.state !== "review") {
        throw new StoreError("INVALID_STATE", `submission ${id} is ${current.state}, not waiting for review`);
      }
      this.db
        .prepare("INSERT INTO reviews (submission_id, reviewer, decision, note, created_at) VALUES (?, ?, ?, ?, ?)")
        .run(id, input.reviewer, input.decision, redactText(input.note), this.now());
      const to = input.decision === "approve" ? "approved" : "rejected";
      this.setState(id, to, input.creatorNotice === undefined ? {} : { creator_notice: redactText(input.creatorNotice) });
      this.audit(input.reviewer, `review-${input.decision}`, id, "review", to, input.note);
      const signature = input.sign
        ? await this.insertSignature(id, current.skillName, current.version, current.contentHash ?? "", current.permissionsHash ?? "", input.sign, input.reviewer)
        : undefined;
      return { submission: this.row(id), signature };
    });
  }

  async addWaiver(w: NewWaiver): Promise<WaiverRecord> {
    return this.tx.run(() => {
      this.row(w.submissionId);
      const at = this.now();
      this.db
        .prepare("INSERT INTO reviews (submission_id, reviewer, decision, note, created_at) VALUES (?, ?, 'waive', ?, ?)")
        .run(w.submissionId, w.by, redactText(`${w.ruleId}: ${w.reason} (expires ${w.expires})`), at);
      const info = this.db
        .prepare("INSERT INTO waivers (skill_name, rule_id, reason, expires_at, created_by, created_at, submission_id) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .run(w.skill, w.ruleId, redactText(w.reason), w.expires, w.by, at, w.submissionId);
      this.audit(w.by, "waive", w.submissionId, null, null, `${w.ruleId} for ${w.skill} until ${w.expires}: ${w.reason}`);
      return rows.toWaiver(this.db.prepare("SELECT * FROM waivers WHERE id = ?").get(info.lastInsertRowid) as Record<string, unknown>);
    });
  }

  async getSubmission(id: number): Promise<SubmissionRecord | undefined> {
    const r = this.db.prepare("SELECT * FROM submissions WHERE id = ?").get(id) as rows.SubmissionRow | undefined;
    return r && rows.toSubmission(r);
  }

  async listSubmissions(q: SubmissionQuery = {}): Promise<SubmissionRecord[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.state) (where.push("state = ?"), args.push(q.state));
    if (q.skillName) (where.push("skill_name = ?"), args.push(q.skillName));
    const sql = `SELECT * FROM submissions ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY id ${q.order === "newest" ? "DESC" : "ASC"} ${q.limit ? `LIMIT ${Math.floor(q.limit)}` : ""}`;
    return (this.db.prepare(sql).all(...args) as rows.SubmissionRow[]).map(rows.toSubmission);
  }

  async stageResults(id: number): Promise<StoredStageResult[]> {
    return (this.db.prepare("SELECT * FROM stage_results WHERE submission_id = ? ORDER BY rowid").all(id) as Record<string, unknown>[]).map(rows.toStageResult);
  }

  async findings(id: number): Promise<Finding[]> {
    return (this.db.prepare("SELECT finding_json FROM findings WHERE submission_id = ? ORDER BY ordinal").all(id) as Record<string, unknown>[]).map(rows.toFinding);
  }

  async lastApproved(skillName: string, beforeId?: number): Promise<SubmissionRecord | undefined> {
    const r = this.db
      .prepare("SELECT * FROM submissions WHERE skill_name = ? AND state = 'approved' AND id < ? ORDER BY id DESC LIMIT 1")
      .get(skillName, beforeId ?? Number.MAX_SAFE_INTEGER) as rows.SubmissionRow | undefined;
    return r && rows.toSubmission(r);
  }

  async reviews(id: number): Promise<ReviewRecord[]> {
    return (this.db.prepare("SELECT * FROM reviews WHERE submission_id = ? ORDER BY id").all(id) as Record<string, unknown>[]).map(rows.toReview);
  }

  async activeWaivers(skillName: string, now: Date): Promise<WaiverRecord[]> {
    return (this.db.prepare("SELECT * FROM waivers WHERE skill_name = ? AND expires_at > ? ORDER BY id").all(skillName, now.toISOString()) as Record<string, unknown>[]).map(rows.toWaiver);
  }

  async signatures(skillName: string): Promise<SignatureRecord[]> {
    return (this.db.prepare("SELECT * FROM skills_signatures WHERE skill_name = ? ORDER BY sequence").all(skillName) as Record<string, unknown>[]).map(rows.toSignature);
  }

  async signatureFor(submissionId: number): Promise<SignatureRecord | undefined> {
    const r = this.db.prepare("SELECT * FROM skills_signatures WHERE submission_id = ? ORDER BY sequence DESC LIMIT 1").get(submissionId);
    return r ? rows.toSignature(r as Record<string, unknown>) : undefined;
  }

  async auditLog(submissionId?: number): Promise<AuditEntry[]> {
    const all = submissionId === undefined
      ? this.db.prepare("SELECT * FROM audit_log ORDER BY id").all()
      : this.db.prepare("SELECT * FROM audit_log WHERE submission_id = ? ORDER BY id").all(submissionId);
    return (all as Record<string, unknown>[]).map(rows.toAudit);
  }

  async keys(): Promise<KeyRecord[]> {
    return (this.db.prepare("SELECT * FROM keys ORDER BY added_at, key_id").all() as Record<string, unknown>[]).map(rows.toKey);
  }

  async close(): Promise<void> {
    await this.tx.idle();
    this.db.close();
  }
}

function json(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}
