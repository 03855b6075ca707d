import type { Finding } from "../findings.types.js";
import type {
  AuditEntry,
  KeyRecord,
  ReviewRecord,
  SignatureRecord,
  StoredStageResult,
  SubmissionRecord,
  SubmissionState,
  WaiverRecord,
} from "./store.types.js";

/** Row shapes as both dialects return them, and their mapping to the store's records. */
export interface SubmissionRow {
  id: number;
  skill_name: string;
  version: string;
  path: string;
  content_hash: string | null;
  permissions_hash: string | null;
  permissions_json: string | null;
  files_json: string | null;
  state: string;
  source: string;
  submitted_by: string;
  owner_pid: number | null;
  owner_host: string | null;
  owner_start: string | null;
  created_at: string;
  updated_at: string;
  verdict_json: string | null;
  policy_digest: string | null;
  creator_notice: string | null;
  failure_reason: string | null;
  attempt?: number | null;
  dead_letter?: number | null;
}

export function toSubmission(r: SubmissionRow): SubmissionRecord {
  return {
    id: r.id,
    skillName: r.skill_name,
    version: r.version,
    path: r.path,
    contentHash: r.content_hash,
    permissionsHash: r.permissions_hash,
    permissions: parse(r.permissions_json),
    files: parse(r.files_json),
    state: r.state as SubmissionState,
    source: r.source,
    submittedBy: r.submitted_by,
    owner: r.owner_pid === null ? null : { pid: r.owner_pid, host: r.owner_host ?? "", startTime: r.owner_start ?? "" },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    verdict: parse(r.verdict_json),
    policyDigest: r.policy_digest,
    creatorNotice: r.creator_notice,
    failureReason: r.failure_reason,
    attempt: Number(r.attempt ?? 0),
    deadLetter: Number(r.dead_letter ?? 0) === 1,
  };
}

export function toStageResult(r: Record<string, unknown>): StoredStageResult {
  return {
    stageId: r.stage_id as string,
    stageVersion: r.stage_version as string,
    status: r.status as StoredStageResult["status"],
    reason: (r.reason as string | null) ?? null,
    skipKind: (r.skip_kind as StoredStageResult["skipKind"]) ?? null,
    tool: parse(r.tool_json as string | null),
    checks: parse(r.checks_json as string | null),
    durationMs: r.duration_ms as number,
  };
}

export function toFinding(r: Record<string, unknown>): Finding {
  return JSON.parse(r.finding_json as string) as Finding;
}

export function toSignature(r: Record<string, unknown>): SignatureRecord {
  return {
    id: r.id as number,
    skillName: r.skill_name as string,
    version: r.version as string,
    sequence: r.sequence as number,
    contentHash: r.content_hash as string,
    permissionsHash: r.permissions_hash as string,
    envelope: JSON.parse(r.envelope_json as string),
    keyId: r.key_id as string,
    signedAt: r.signed_at as string,
    submissionId: (r.submission_id as number | null) ?? null,
  };
}

export function toWaiver(r: Record<string, unknown>): WaiverRecord {
  return {
    id: r.id as number,
    skill: r.skill_name as string,
    ruleId: r.rule_id as string,
    reason: r.reason as string,
    expires: r.expires_at as string,
    by: r.created_by as string,
    createdAt: r.created_at as string,
    submissionId: (r.submission_id as number | null) ?? null,
  };
}

export function toReview(r: Record<string, unknown>): ReviewRecord {
  return {
    id: r.id as number,
    submissionId: r.submission_id as number,
    reviewer: r.reviewer as string,
    decision: r.decision as ReviewRecord["decision"],
    note: r.note as string,
    createdAt: r.created_at as string,
  };
}

export function toAudit(r: Record<string, unknown>): AuditEntry {
  return {
    id: r.id as number,
    at: r.at as string,
    actor: r.actor as string,
    action: r.action as string,
    submissionId: (r.submission_id as number | null) ?? null,
    fromState: (r.from_state as string | null) ?? null,
    toState: (r.to_state as string | null) ?? null,
    reason: (r.reason as string | null) ?? null,
  };
}

export function toKey(r: Record<string, unknown>): KeyRecord {
  return { keyId: r.key_id as string, publicKey: r.public_key as string, addedAt: r.added_at as string, status: r.status as string };
}

function parse<T>(json: string | null): T | null {
  return json === null ? null : (JSON.parse(json) as T);
}
