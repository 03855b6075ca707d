import { redactText, redactValue } from "../../redact.js";
import { StoreError } from "../error.js";
import { DIED_REASON, livenessOf } from "../liveness.js";
import * as map from "../rows.js";
import type { Completed, Completion, FailOptions, NewWaiver, QueuedSubmission, ReviewDecisionInput, Store } from "../store.js";
import type { AnalysisRecord, NewSubmission, ProcessIdentity, SignRequest, SignatureRecord, SubmissionRecord, WaiverRecord } from "../store.types.js";
import { StoreReads } from "./reads.js";
import { insertResults } from "./results.js";
import type { SqlDialect, SqlExecutor, SqlTx } from "./sql.js";

/**
 * The store's logic, written once over either SQL dialect: the state machine, the audit entry
 * written in the same transaction as every change, sequence numbers taken while signing, and
 * redaction on the way in. Backends only provide a SqlDialect (and migrations).
 */
export class CoreStore extends StoreReads implements Store {
  readonly kind: "sqlite" | "postgres";

  constructor(
    protected readonly sql: SqlDialect,
    protected readonly clock: () => Date = () => new Date(),
  ) {
    super(sql);
    this.kind = sql.kind;
  }

  protected now(): string {
    return this.clock().toISOString();
  }

  protected async audit(tx: SqlTx, actor: string, action: string, id: number | null, from: string | null, to: string | null, reason: string | null): Promise<void> {
    await tx.run("INSERT INTO audit_log (at, actor, action, submission_id, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?, ?, ?)", [
      this.now(), actor, action, id, from, to, reason === null ? null : redactText(reason),
    ]);
  }

  /** The row, locked for the rest of the transaction. */
  protected async locked(tx: SqlTx, id: number): Promise<SubmissionRecord> {
    const r = await tx.get(`SELECT * FROM submissions WHERE id = ?${this.sql.forUpdate}`, [id]);
    if (!r) throw new StoreError("SUBMISSION_NOT_FOUND", `no submission with id ${id}`);
    return map.toSubmission(r as unknown as map.SubmissionRow);
  }

  protected async setState(tx: SqlTx, id: number, state: string, extra: Record<string, string | number | null> = {}): Promise<void> {
    const cols = Object.keys(extra);
    const sets = ["state = ?", "updated_at = ?", ...cols.map((c) => `${c} = ?`)].join(", ");
    await tx.run(`UPDATE submissions SET ${sets} WHERE id = ?`, [state, this.now(), ...cols.map((c) => extra[c] ?? null), id]);
  }

  private async reread(tx: SqlTx, id: number): Promise<SubmissionRecord> {
    return (await this.getSubmission(id, tx))!;
  }

  async recoverAbandoned(actor: string): Promise<number[]> {
    // Queued (service) submissions belong to the job queue: it retries them on another worker.
    const dead = (await this.listSubmissions({ state: "running" })).filter((s) => s.source !== "service" && s.owner && livenessOf(s.owner) === "dead");
    const recovered: number[] = [];
    for (const s of dead) {
      const changed = await this.sql.transaction(async (tx) => {
        if ((await this.locked(tx, s.id)).state !== "running") return false;
        await this.setState(tx, s.id, "failed", { failure_reason: DIED_REASON });
        await this.audit(tx, actor, "recover", s.id, "running", "failed", DIED_REASON);
        return true;
      });
      if (changed) recovered.push(s.id);
    }
    return recovered;
  }

  async createSubmission(input: NewSubmission): Promise<SubmissionRecord> {
    return this.sql.transaction(async (tx) => {
      const at = this.now();
      const r = await tx.get(
        `INSERT INTO submissions (skill_name, path, state, source, submitted_by, owner_pid, owner_host, owner_start, created_at, updated_at)
         VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [input.skillName, input.path, input.source, input.submittedBy, input.owner.pid, input.owner.host, input.owner.startTime, at, at],
      );
      const id = Number(r!.id);
      await this.audit(tx, input.submittedBy, "submit", id, null, "running", `${input.source} of ${input.path} by pid ${input.owner.pid}@${input.owner.host}`);
      return this.reread(tx, id);
    });
  }

  async enqueueSubmission(input: QueuedSubmission, archive: Buffer, enqueue?: (tx: SqlExecutor | undefined, id: number) => Promise<void>): Promise<SubmissionRecord> {
    return this.sql.transaction(async (tx) => {
      const at = this.now();
      const r = await tx.get(
        `INSERT INTO submissions (skill_name, path, state, source, submitted_by, created_at, updated_at)
         VALUES (?, ?, 'recorded', 'service', ?, ?, ?) RETURNING id`,
        [input.skillName, input.path, input.submittedBy, at, at],
      );
      const id = Number(r!.id);
      await tx.run("INSERT INTO uploads (submission_id, archive, bytes, sha256, created_at) VALUES (?, ?, ?, ?, ?)", [id, archive, archive.length, input.sha256, at]);
      await this.audit(tx, input.submittedBy, "submit", id, null, "recorded", `upload of ${archive.length} bytes (sha256 ${input.sha256})`);
      await enqueue?.(tx.executor, id);
      return this.reread(tx, id);
    });
  }

  async claimSubmission(id: number, owner: ProcessIdentity, actor: string): Promise<SubmissionRecord | undefined> {
    return this.sql.transaction(async (tx) => {
      const current = await this.locked(tx, id);
      if (current.state !== "recorded" && current.state !== "running") return undefined;
      const attempt = current.attempt + 1;
      await this.setState(tx, id, "running", { owner_pid: owner.pid, owner_host: owner.host, owner_start: owner.startTime, attempt });
      const how = current.state === "running" ? `retry after the previous attempt was lost (attempt ${attempt})` : `attempt ${attempt}`;
      await this.audit(tx, actor, current.state === "running" ? "reclaim" : "claim", id, current.state, "running", `${how} by pid ${owner.pid}@${owner.host}`);
      return this.reread(tx, id);
    });
  }

  /** A result may only be written by the attempt that still holds the running submission. */
  private checkRunning(current: SubmissionRecord, attempt: number | undefined): void {
    if (current.state !== "running") {
      throw new StoreError("STORE_CONFLICT", `submission ${current.id} is no longer running (it is ${current.state}); its results were not recorded`);
    }
    if (attempt !== undefined && current.attempt !== attempt) {
      throw new StoreError("STORE_CONFLICT", `submission ${current.id} was taken over by attempt ${current.attempt}; the results of attempt ${attempt} were not recorded`);
    }
  }

  async completeSubmission(id: number, a: AnalysisRecord, c: Completion): Promise<Completed> {
    return this.sql.transaction(async (tx) => {
      this.checkRunning(await this.locked(tx, id), c.attempt);
      await tx.run(
        `UPDATE submissions SET skill_name = ?, version = ?, content_hash = ?, permissions_hash = ?, permissions_json = ?,
           files_json = ?, verdict_json = ?, policy_digest = ? WHERE id = ?`,
        [a.skillName, a.version, a.contentHash, a.permissionsHash, JSON.stringify(a.permissions), JSON.stringify(a.files),
          JSON.stringify(redactValue(a.verdict) ?? null), a.policyDigest, id],
      );
      await insertResults(tx, id, a);
      await this.setState(tx, id, c.state, { creator_notice: c.creatorNotice === undefined ? null : redactText(c.creatorNotice) });
      await this.audit(tx, c.actor, "analyse", id, "running", c.state, c.reason);
      const signature = c.sign ? await this.insertSignature(tx, id, a, c.sign, c.actor) : undefined;
      return { submission: await this.reread(tx, id), signature };
    });
  }

  /** Takes the next sequence number for the skill and signs, inside the caller's transaction. */
  private async insertSignature(tx: SqlTx, id: number, s: Pick<AnalysisRecord, "skillName" | "version" | "contentHash" | "permissionsHash">, req: SignRequest, actor: string): Promise<SignatureRecord> {
    await tx.lockSequence(s.skillName);
    const sequence = Number((await tx.get("SELECT COALESCE(MAX(sequence), 0) AS m FROM skills_signatures WHERE skill_name = ?", [s.skillName]))!.m) + 1;
    await tx.run("INSERT INTO keys (key_id, public_key, added_at, status) VALUES (?, ?, ?, 'active') ON CONFLICT (key_id) DO NOTHING", [req.keyId, req.publicKey, this.now()]);
    const { envelope, signedAt } = await req.sign(sequence);
    const r = await tx.get(
      `INSERT INTO skills_signatures (skill_name, version, sequence, content_hash, permissions_hash, envelope_json, key_id, signed_at, submission_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [s.skillName, s.version, sequence, s.contentHash, s.permissionsHash, JSON.stringify(envelope), req.keyId, signedAt, id],
    );
    await this.audit(tx, actor, "sign", id, null, null, `sequence ${sequence} with key ${req.keyId}`);
    return map.toSignature(r!);
  }

  async failSubmission(id: number, reason: string, actor: string, o: FailOptions = {}): Promise<SubmissionRecord> {
    return this.sql.transaction(async (tx) => {
      const current = await this.locked(tx, id);
      if (current.state !== "running" && current.state !== "recorded") return current;
      if (o.attempt !== undefined && current.attempt !== o.attempt) return current;
      await this.setState(tx, id, "failed", { failure_reason: redactText(reason), ...(o.deadLetter ? { dead_letter: 1 } : {}) });
      await this.audit(tx, actor, o.deadLetter ? "dead-letter" : "fail", id, current.state, "failed", reason);
      return this.reread(tx, id);
    });
  }

  async decideReview(id: number, input: ReviewDecisionInput): Promise<Completed> {
    return this.sql.transaction(async (tx) => {
      const current = await this.locked(tx, id);
      if (current.state !== "review") throw new StoreError("INVALID_STATE", `submission ${id} is ${current.state}, not waiting for review`);
      await tx.run("INSERT INTO reviews (submission_id, reviewer, decision, note, created_at) VALUES (?, ?, ?, ?, ?)", [
        id, input.reviewer, input.decision, redactText(input.note), this.now(),
      ]);
      const to = input.decision === "approve" ? "approved" : "rejected";
      await this.setState(tx, id, to, input.creatorNotice === undefined ? {} : { creator_notice: redactText(input.creatorNotice) });
      await this.audit(tx, input.reviewer, `review-${input.decision}`, id, "review", to, input.note);
      const hashes = { skillName: current.skillName, version: current.version, contentHash: current.contentHash ?? "", permissionsHash: current.permissionsHash ?? "" };
      const signature = input.sign ? await this.insertSignature(tx, id, hashes, input.sign, input.reviewer) : undefined;
      return { submission: await this.reread(tx, id), signature };
    });
  }

  async addWaiver(w: NewWaiver): Promise<WaiverRecord> {
    return this.sql.transaction(async (tx) => {
      await this.locked(tx, w.submissionId);
      const at = this.now();
      await tx.run("INSERT INTO reviews (submission_id, reviewer, decision, note, created_at) VALUES (?, ?, 'waive', ?, ?)", [
        w.submissionId, w.by, redactText(`${w.ruleId}: ${w.reason} (expires ${w.expires})`), at,
      ]);
      const r = await tx.get("INSERT INTO waivers (skill_name, rule_id, reason, expires_at, created_by, created_at, submission_id) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *", [
        w.skill, w.ruleId, redactText(w.reason), w.expires, w.by, at, w.submissionId,
      ]);
      await this.audit(tx, w.by, "waive", w.submissionId, null, null, `${w.ruleId} for ${w.skill} until ${w.expires}: ${w.reason}`);
      return map.toWaiver(r!);
    });
  }

  async close(): Promise<void> {
    await this.sql.close();
  }
}
