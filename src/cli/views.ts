import type { Finding } from "../findings.types.js";
import { redactText } from "../redact.js";
import type { SignatureRecord, SubmissionRecord } from "../store/store.types.js";
import type { VersionDiff } from "../workflow/diff.js";
import { describeFinding } from "../workflow/notice.js";
import type { QueueEntry, ReviewDetail } from "../workflow/review.js";
import { verdictOf } from "../workflow/review.js";

/** Plain-text views for review/status/history (no colour: they are read in terminals and logs alike); the workflow returns the data. */
export function renderQueue(queue: readonly QueueEntry[]): string {
  if (queue.length === 0) return "The review queue is empty.\n";
  const out: string[] = [`${queue.length} submission(s) waiting for review, oldest first:`];
  for (const { submission: s, decidingFindings } of queue) {
    out.push("", `#${s.id}  ${s.skillName} ${s.version}  submitted ${s.createdAt} by ${s.submittedBy}`);
    for (const r of verdictOf(s)?.reasons ?? []) if (r.kind === "incomplete") out.push(`    ${r.message}`);
    for (const f of decidingFindings) out.push(`    ${describeFinding(f)}`);
  }
  return `${redactText(out.join("\n"))}\n`;
}

export function renderDetail(d: ReviewDetail): string {
  const s = d.submission;
  const out: string[] = [header(s)];
  const verdict = verdictOf(s);
  if (verdict?.reasons.length) {
    out.push("", "Reasons:");
    for (const r of verdict.reasons) out.push(`  - ${r.kind}${"stage" in r ? ` (${r.stage})` : ""}: ${r.message}`);
  }
  out.push("", "Stages:");
  for (const st of d.stages) out.push(`  ${st.stageId.padEnd(13)} ${st.status}${st.reason ? `: ${st.reason}` : ""}`);
  out.push("", `Findings (${d.findings.length}):`);
  for (const f of d.findings) out.push(...findingLines(f));
  out.push("", "Permissions:");
  for (const [k, v] of Object.entries(s.permissions ?? {})) if (k !== "schemaVersion") out.push(`  ${k}: ${JSON.stringify(v)}`);
  out.push("", ...diffLines(d.diff));
  if (d.reviews.length) {
    out.push("", "Reviews:");
    for (const r of d.reviews) out.push(`  ${r.createdAt} ${r.reviewer} ${r.decision}: ${r.note}`);
  }
  return `${redactText(out.join("\n"))}\n`;
}

function findingLines(f: Finding): string[] {
  const lines = [`  [${f.severity}${f.confidence ? `/${f.confidence}` : ""}] ${f.ruleId} (${f.stage}) ${f.file ? `${f.file}${f.line ? `:${f.line}` : ""}` : ""}`, `      ${f.message}`];
  if (f.evidence) lines.push(`      evidence: ${f.evidence}`);
  if (f.fix) lines.push(`      fix: ${f.fix}`);
  return lines;
}

export function diffLines(diff: VersionDiff): string[] {
  if (!diff.baseline) return ["Changes: no earlier approved version of this skill; everything is new."];
  const out = [`Changes since approved submission #${diff.baseline.id} (version ${diff.baseline.version || "?"}):`];
  if (diff.files.length === 0) out.push("  files: unchanged");
  for (const f of diff.files) out.push(`  ${f.change.padEnd(8)} ${f.path}${f.what ? ` (${f.what.join(", ")})` : ""}`);
  if (diff.permissions.length === 0) out.push("  permissions: unchanged");
  for (const p of diff.permissions) {
    out.push(`  permissions.${p.field}:${p.added.map((a) => ` +${a}`).join("")}${p.removed.map((r) => ` -${r}`).join("")}`);
  }
  return out;
}

export function renderStatus(s: SubmissionRecord, signature: SignatureRecord | undefined): string {
  const out = [header(s)];
  if (s.failureReason) out.push(`Failed: ${s.failureReason}`);
  const verdict = verdictOf(s);
  if (verdict?.reasons.length && !s.creatorNotice) {
    out.push("", "Reasons:");
    for (const r of verdict.reasons) out.push(`  - ${r.message}`);
    for (const f of verdict.decidingFindings) out.push(`  - ${describeFinding(f)}`);
  }
  if (s.creatorNotice) out.push("", s.creatorNotice);
  if (signature) out.push("", `Signed: sequence ${signature.sequence} with key ${signature.keyId} at ${signature.signedAt}`);
  return `${redactText(out.join("\n"))}\n`;
}

export function renderHistory(skill: string, subs: readonly SubmissionRecord[], sigs: readonly SignatureRecord[]): string {
  if (subs.length === 0) return `No submissions of "${skill}".\n`;
  const bySubmission = new Map(sigs.map((g) => [g.submissionId, g]));
  const out = [`History of "${skill}" (newest first):`];
  for (const s of subs) {
    const g = bySubmission.get(s.id);
    out.push(`  #${s.id}  ${s.createdAt}  ${(s.version || "-").padEnd(10)} ${s.state.padEnd(9)}${g ? ` signed seq ${g.sequence}` : ""}${s.failureReason ? `  (${s.failureReason})` : ""}`);
  }
  return `${redactText(out.join("\n"))}\n`;
}

function header(s: SubmissionRecord): string {
  return [
    `Submission #${s.id}: ${s.skillName} ${s.version}`.trimEnd(),
    `  state:   ${s.state}${s.state === "running" && s.owner ? ` (pid ${s.owner.pid} on ${s.owner.host})` : ""}`,
    `  path:    ${s.path}`,
    `  by:      ${s.submittedBy} (${s.source}) at ${s.createdAt}`,
    ...(s.contentHash ? [`  content: sha256:${s.contentHash}`, `  perms:   sha256:${s.permissionsHash}`] : []),
  ].join("\n");
}
