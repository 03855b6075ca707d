import type Database from "better-sqlite3";
import type { Finding } from "../../findings.types.js";
import { redactText, redactValue } from "../../redact.js";
import { StoreError } from "../error.js";
import { DIED_REASON, livenessOf } from "../liveness.js";
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
import { SqliteReads } from "./reads.js";
import { insertResults } from "./results.js";
import { TxRunner } from "./tx.js";

export interface SqliteStoreOptions {
  clock?: () => Date;
}

/** The embedded store: one SQLite file in WAL mode, shared safely by concurrent processes. */
export class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  private readonly db: Database.Database;
  private readonly tx: TxRunner;
  private readonly reads: SqliteReads;
  private readonly clock: () => Date;

  constructor(
    readonly file: string,
    opts: SqliteStoreOptions = {},
  ) {
    this.clock = opts.clock ?? (() => new Date());
    this.db = connect(file);
    migrate(this.db, undefined, this.clock);
    this.tx = new TxRunner(this.db);
    this.reads = new SqliteReads(this.db);
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
    const r = this.reads.submission(id);
    if (!r) throw new StoreError("SUBMISSION_NOT_FOUND", `no submission with id ${id}`);
    return r;
  }

  async recoverAbandoned(actor: string): Promise<number[]> {
    const running = this.reads.submissions({ state: "running" });
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
      insertResults(this.db, id, a);
      this.setState(id, c.state, { creator_notice: c.creatorNotice === undefined ? null : redactText(c.creatorNotice) });
      this.audit(c.actor, "analyse", id, "running", c.state, c.reason);
      const signature = c.sign ? await this.insertSignature(id, a.skillName, a.version, a.contentHash, a.permissionsHash, c.sign, c.actor) : undefined;
      return { submission: this.row(id), signature };
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
    return this.reads.signature(info.lastInsertRowid);
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
      return this.reads.waiver(info.lastInsertRowid);
    });
  }

  async getSubmission(id: number): Promise<SubmissionRecord | undefined> {
    return this.reads.submission(id);
  }
  async listSubmissions(q: SubmissionQuery = {}): Promise<SubmissionRecord[]> {
    return this.reads.submissions(q);
  }
  async stageResults(id: number): Promise<StoredStageResult[]> {
    return this.reads.stageResults(id);
  }
  async findings(id: number): Promise<Finding[]> {
    return this.reads.findings(id);
  }
  async lastApproved(skillName: string, beforeId?: number): Promise<SubmissionRecord | undefined> {
    return this.reads.lastApproved(skillName, beforeId);
  }
  async reviews(id: number): Promise<ReviewRecord[]> {
    return this.reads.reviews(id);
  }
  async activeWaivers(skillName: string, now: Date): Promise<WaiverRecord[]> {
    return this.reads.activeWaivers(skillName, now);
  }
  async signatures(skillName: string): Promise<SignatureRecord[]> {
    return this.reads.signatures(skillName);
  }
  async signatureFor(submissionId: number): Promise<SignatureRecord | undefined> {
    return this.reads.signatureFor(submissionId);
  }
  async auditLog(submissionId?: number): Promise<AuditEntry[]> {
    return this.reads.auditLog(submissionId);
  }
  async keys(): Promise<KeyRecord[]> {
    return this.reads.keys();
  }

  async close(): Promise<void> {
    await this.tx.idle();
    this.db.close();
  }
}
