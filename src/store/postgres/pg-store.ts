import type pg from "pg";
import type { Finding } from "../../findings.types.js";
import { redactText, redactValue } from "../../redact.js";
import { StoreError } from "../error.js";
import { DIED_REASON, livenessOf } from "../liveness.js";
import * as map from "../rows.js";
import type { Completed, Completion, NewWaiver, ReviewDecisionInput, Store, SubmissionQuery } from "../store.js";
import type {
  AnalysisRecord, AuditEntry, KeyRecord, NewSubmission, ReviewRecord, SignRequest, SignatureRecord,
  StoredStageResult, SubmissionRecord, WaiverRecord,
} from "../store.types.js";
import { createPool, inTransaction, migratePg, one, rows, type Queryable } from "./pg-client.js";
import { insertResultsPg } from "./pg-results.js";

/**
 * The shared-deployment store: the same interface and tables as SQLite, on PostgreSQL.
 * Row locks (FOR UPDATE) guard state changes; a per-skill advisory lock guards sequence numbers.
 */
export class PgStore implements Store {
  readonly kind = "postgres" as const;
  private readonly pool: pg.Pool;
  private readonly clock: () => Date;

  constructor(url: string, opts: { clock?: () => Date } = {}) {
    this.pool = createPool(url);
    this.clock = opts.clock ?? (() => new Date());
  }

  async init(): Promise<this> {
    await migratePg(this.pool, this.clock);
    return this;
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private async audit(c: Queryable, actor: string, action: string, id: number | null, from: string | null, to: string | null, reason: string | null): Promise<void> {
    await c.query("INSERT INTO audit_log (at, actor, action, submission_id, from_state, to_state, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)", [
      this.now(), actor, action, id, from, to, reason === null ? null : redactText(reason),
    ]);
  }

  private async row(c: Queryable, id: number, lock = false): Promise<SubmissionRecord> {
    const r = await one(c, `SELECT * FROM submissions WHERE id = $1${lock ? " FOR UPDATE" : ""}`, [id]);
    if (!r) throw new StoreError("SUBMISSION_NOT_FOUND", `no submission with id ${id}`);
    return map.toSubmission(r as unknown as map.SubmissionRow);
  }

  private async setState(c: Queryable, id: number, state: string, extra: Record<string, string | null> = {}): Promise<void> {
    const cols = Object.keys(extra);
    const sets = ["state = $1", "updated_at = $2", ...cols.map((k, i) => `${k} = $${i + 3}`)].join(", ");
    await c.query(`UPDATE submissions SET ${sets} WHERE id = $${cols.length + 3}`, [state, this.now(), ...cols.map((k) => extra[k]), id]);
  }

  async recoverAbandoned(actor: string): Promise<number[]> {
    const running = await this.listSubmissions({ state: "running" });
    const recovered: number[] = [];
    for (const s of running.filter((r) => r.owner && livenessOf(r.owner) === "dead")) {
      const changed = await inTransaction(this.pool, async (c) => {
        if ((await this.row(c, s.id, true)).state !== "running") return false;
        await this.setState(c, s.id, "failed", { failure_reason: DIED_REASON });
        await this.audit(c, actor, "recover", s.id, "running", "failed", DIED_REASON);
        return true;
      });
      if (changed) recovered.push(s.id);
    }
    return recovered;
  }

  async createSubmission(input: NewSubmission): Promise<SubmissionRecord> {
    return inTransaction(this.pool, async (c) => {
      const at = this.now();
      const r = await one(
        c,
        `INSERT INTO submissions (skill_name, path, state, source, submitted_by, owner_pid, owner_host, owner_start, created_at, updated_at)
         VALUES ($1, $2, 'running', $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
        [input.skillName, input.path, input.source, input.submittedBy, input.owner.pid, input.owner.host, input.owner.startTime, at],
      );
      const id = Number(r!.id);
      await this.audit(c, input.submittedBy, "submit", id, null, "running", `${input.source} of ${input.path} by pid ${input.owner.pid}@${input.owner.host}`);
      return this.row(c, id);
    });
  }

  async completeSubmission(id: number, a: AnalysisRecord, done: Completion): Promise<Completed> {
    return inTransaction(this.pool, async (c) => {
      const current = await this.row(c, id, true);
      if (current.state !== "running") {
        throw new StoreError("STORE_CONFLICT", `submission ${id} is no longer running (it is ${current.state}); its results were not recorded`);
      }
      await c.query(
        `UPDATE submissions SET skill_name = $1, version = $2, content_hash = $3, permissions_hash = $4, permissions_json = $5,
           files_json = $6, verdict_json = $7, policy_digest = $8 WHERE id = $9`,
        [a.skillName, a.version, a.contentHash, a.permissionsHash, JSON.stringify(a.permissions), JSON.stringify(a.files),
          JSON.stringify(redactValue(a.verdict) ?? null), a.policyDigest, id],
      );
      await insertResultsPg(c, id, a);
      await this.setState(c, id, done.state, { creator_notice: done.creatorNotice === undefined ? null : redactText(done.creatorNotice) });
      await this.audit(c, done.actor, "analyse", id, "running", done.state, done.reason);
      const signature = done.sign ? await this.insertSignature(c, id, a.skillName, a.version, a.contentHash, a.permissionsHash, done.sign, done.actor) : undefined;
      return { submission: await this.row(c, id), signature };
    });
  }

  private async insertSignature(c: pg.PoolClient, id: number, skill: string, version: string, contentHash: string, permissionsHash: string, req: SignRequest, actor: string): Promise<SignatureRecord> {
    // One signer per skill at a time, until this transaction ends.
    await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`skillsign-sequence:${skill}`]);
    const max = Number((await one(c, "SELECT COALESCE(MAX(sequence), 0) AS m FROM skills_signatures WHERE skill_name = $1", [skill]))!.m);
    const sequence = max + 1;
    await c.query("INSERT INTO keys (key_id, public_key, added_at, status) VALUES ($1, $2, $3, 'active') ON CONFLICT (key_id) DO NOTHING", [req.keyId, req.publicKey, this.now()]);
    const { envelope, signedAt } = await req.sign(sequence);
    const r = await one(
      c,
      `INSERT INTO skills_signatures (skill_name, version, sequence, content_hash, permissions_hash, envelope_json, key_id, signed_at, submission_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [skill, version, sequence, contentHash, permissionsHash, JSON.stringify(envelope), req.keyId, signedAt, id],
    );
    await this.audit(c, actor, "sign", id, null, null, `sequence ${sequence} with key ${req.keyId}`);
    return map.toSignature(r!);
  }

  async failSubmission(id: number, reason: string, actor: string): Promise<SubmissionRecord> {
    return inTransaction(this.pool, async (c) => {
      const current = await this.row(c, id, true);
      if (current.state !== "running" && current.state !== "recorded") return current;
      await this.setState(c, id, "failed", { failure_reason: redactText(reason) });
      await this.audit(c, actor, "fail", id, current.state, "failed", reason);
      return this.row(c, id);
    });
  }

  async decideReview(id: number, input: ReviewDecisionInput): Promise<Completed> {
    return inTransaction(this.pool, async (c) => {
      const current = await this.row(c, id, true);
      if (current.state !== "review") throw new StoreError("INVALID_STATE", `submission ${id} is ${current.state}, not waiting for review`);
      await c.query("INSERT INTO reviews (submission_id, reviewer, decision, note, created_at) VALUES ($1, $2, $3, $4, $5)", [
        id, input.reviewer, input.decision, redactText(input.note), this.now(),
      ]);
      const to = input.decision === "approve" ? "approved" : "rejected";
      await this.setState(c, id, to, input.creatorNotice === undefined ? {} : { creator_notice: redactText(input.creatorNotice) });
      await this.audit(c, input.reviewer, `review-${input.decision}`, id, "review", to, input.note);
      const signature = input.sign
        ? await this.insertSignature(c, id, current.skillName, current.version, current.contentHash ?? "", current.permissionsHash ?? "", input.sign, input.reviewer)
        : undefined;
      return { submission: await this.row(c, id), signature };
    });
  }

  async addWaiver(w: NewWaiver): Promise<WaiverRecord> {
    return inTransaction(this.pool, async (c) => {
      await this.row(c, w.submissionId);
      const at = this.now();
      await c.query("INSERT INTO reviews (submission_id, reviewer, decision, note, created_at) VALUES ($1, $2, 'waive', $3, $4)", [
        w.submissionId, w.by, redactText(`${w.ruleId}: ${w.reason} (expires ${w.expires})`), at,
      ]);
      const r = await one(c, "INSERT INTO waivers (skill_name, rule_id, reason, expires_at, created_by, created_at, submission_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *", [
        w.skill, w.ruleId, redactText(w.reason), w.expires, w.by, at, w.submissionId,
      ]);
      await this.audit(c, w.by, "waive", w.submissionId, null, null, `${w.ruleId} for ${w.skill} until ${w.expires}: ${w.reason}`);
      return map.toWaiver(r!);
    });
  }

  async getSubmission(id: number): Promise<SubmissionRecord | undefined> {
    const r = await one(this.pool, "SELECT * FROM submissions WHERE id = $1", [id]);
    return r && map.toSubmission(r as unknown as map.SubmissionRow);
  }

  async listSubmissions(q: SubmissionQuery = {}): Promise<SubmissionRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.state) where.push(`state = $${args.push(q.state)}`);
    if (q.skillName) where.push(`skill_name = $${args.push(q.skillName)}`);
    const sql = `SELECT * FROM submissions ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY id ${q.order === "newest" ? "DESC" : "ASC"} ${q.limit ? `LIMIT ${Math.floor(q.limit)}` : ""}`;
    return (await rows(this.pool, sql, args)).map((r) => map.toSubmission(r as unknown as map.SubmissionRow));
  }

  async stageResults(id: number): Promise<StoredStageResult[]> {
    return (await rows(this.pool, "SELECT * FROM stage_results WHERE submission_id = $1 ORDER BY ordinal", [id])).map(map.toStageResult);
  }
  async findings(id: number): Promise<Finding[]> {
    return (await rows(this.pool, "SELECT finding_json FROM findings WHERE submission_id = $1 ORDER BY ordinal", [id])).map(map.toFinding);
  }
  async lastApproved(skillName: string, beforeId?: number): Promise<SubmissionRecord | undefined> {
    const r = await one(this.pool, "SELECT * FROM submissions WHERE skill_name = $1 AND state = 'approved' AND id < $2 ORDER BY id DESC LIMIT 1", [skillName, beforeId ?? 2 ** 31 - 1]);
    return r && map.toSubmission(r as unknown as map.SubmissionRow);
  }
  async reviews(id: number): Promise<ReviewRecord[]> {
    return (await rows(this.pool, "SELECT * FROM reviews WHERE submission_id = $1 ORDER BY id", [id])).map(map.toReview);
  }
  async activeWaivers(skillName: string, now: Date): Promise<WaiverRecord[]> {
    return (await rows(this.pool, "SELECT * FROM waivers WHERE skill_name = $1 AND expires_at > $2 ORDER BY id", [skillName, now.toISOString()])).map(map.toWaiver);
  }
  async signatures(skillName: string): Promise<SignatureRecord[]> {
    return (await rows(this.pool, "SELECT * FROM skills_signatures WHERE skill_name = $1 ORDER BY sequence", [skillName])).map(map.toSignature);
  }
  async signatureFor(submissionId: number): Promise<SignatureRecord | undefined> {
    const r = await one(this.pool, "SELECT * FROM skills_signatures WHERE submission_id = $1 ORDER BY sequence DESC LIMIT 1", [submissionId]);
    return r && map.toSignature(r);
  }
  async auditLog(submissionId?: number): Promise<AuditEntry[]> {
    const all = submissionId === undefined
      ? await rows(this.pool, "SELECT * FROM audit_log ORDER BY id")
      : await rows(this.pool, "SELECT * FROM audit_log WHERE submission_id = $1 ORDER BY id", [submissionId]);
    return all.map(map.toAudit);
  }
  async keys(): Promise<KeyRecord[]> {
    return (await rows(this.pool, "SELECT * FROM keys ORDER BY added_at, key_id")).map(map.toKey);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
