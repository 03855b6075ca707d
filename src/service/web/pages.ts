import type { Finding } from "../../findings.types.js";
import { redactText } from "../../redact.js";
import type { VersionDiff } from "../../workflow/diff.js";
import { verdictOf } from "../../workflow/review.js";
import type { detailView, queueView } from "../review-actions.js";
import { html, page, type Raw } from "./html.js";

type Who = { name: string; csrf: string };

/** `csrf` pairs the form with the login cookie set beside it, so another site cannot sign a browser in to its own account. */
export function loginPage(csrf: string, error?: string): string {
  return page(
    "Sign in",
    html`${error ? html`<p class="error" role="alert">${error}</p>` : ""}
<form method="post" action="/ui/login"><input type="hidden" name="csrf" value="${csrf}"><label for="token">Reviewer token</label>
<input id="token" name="token" type="password" autocomplete="off" required>
<p><button type="submit">Sign in</button></p></form>`,
  );
}

export function queuePage(q: Awaited<ReturnType<typeof queueView>>, who: Who): string {
  const review = q.review.length
    ? html`<table><caption>Waiting for review, oldest first</caption><thead><tr><th scope="col">Submission</th><th scope="col">Skill</th><th scope="col">Submitted by</th><th scope="col">Why</th></tr></thead><tbody>${q.review.map(
        (s) => html`<tr><td><a href="/ui/submissions/${s.id}">#${s.id}</a></td><td>${s.skill} ${s.version}</td><td>${s.submittedBy}</td><td>${s.decidingFindings.map((f) => html`<div>${f.ruleId}${where(f)}</div>`)}</td></tr>`,
      )}</tbody></table>`
    : html`<p>The review queue is empty.</p>`;
  const dead = q.deadLetter.length
    ? html`<table><caption>Failed (dead letter)</caption><thead><tr><th scope="col">Submission</th><th scope="col">Skill</th><th scope="col">Reason</th></tr></thead><tbody>${q.deadLetter.map(
        (s) => html`<tr><td><a href="/ui/submissions/${s.id}">#${s.id}</a></td><td>${s.skill}</td><td>${s.failureReason ?? ""}</td></tr>`,
      )}</tbody></table>`
    : html`<p>No failed submissions.</p>`;
  return page("Review queue", html`<h2>Review</h2>${review}<h2>Dead letter</h2>${dead}`, who);
}

export function detailPage(d: Awaited<ReturnType<typeof detailView>>, who: Who, flash?: string): string {
  const s = d.submission;
  const verdict = verdictOf(s as unknown as Parameters<typeof verdictOf>[0]);
  const body = html`${flash ? html`<p class="notice" role="status">${flash}</p>` : ""}
<dl><dt>Skill</dt><dd>${s.skillName} ${s.version}</dd><dt>State</dt><dd id="state">${s.state}</dd><dt>Submitted by</dt><dd>${s.submittedBy} at ${s.createdAt}</dd>
<dt>Content hash</dt><dd><code>${s.contentHash ?? ""}</code></dd>${s.failureReason ? html`<dt>Failure</dt><dd>${s.failureReason}</dd>` : ""}</dl>
<h2>Reasons</h2>${verdict?.reasons.length ? html`<ul>${verdict.reasons.map((r) => html`<li>${r.kind}: ${r.message}</li>`)}</ul>` : html`<p>None recorded.</p>`}
<h2>Findings (${d.findings.length})</h2>${findingsTable(d.findings)}
<h2>Changes since the last approved version</h2>${diffView(d.diff)}
<h2>Stages</h2><table><thead><tr><th scope="col">Stage</th><th scope="col">Status</th><th scope="col">Reason</th></tr></thead><tbody>${d.stages.map(
    (st) => html`<tr><td>${st.stageId}</td><td>${st.status}</td><td>${st.reason ?? ""}</td></tr>`,
  )}</tbody></table>
${d.reviews.length ? html`<h2>Reviews</h2><ul>${d.reviews.map((r) => html`<li>${r.createdAt} ${r.reviewer} ${r.decision}: ${r.note}</li>`)}</ul>` : ""}
${s.state === "review" ? forms(s.id, who.csrf, d.findings) : ""}`;
  return page(`Submission #${s.id}`, body, who);
}

function findingsTable(findings: readonly Finding[]): Raw {
  if (!findings.length) return html`<p>No findings.</p>`;
  return html`<table id="findings"><thead><tr><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Where</th><th scope="col">What</th><th scope="col">Evidence</th><th scope="col">Fix</th></tr></thead><tbody>${findings.map(
    (f) =>
      html`<tr><td class="sev-${f.severity}">${f.severity}</td><td><code>${f.ruleId}</code></td><td><code>${f.file ?? ""}${f.line ? `:${f.line}` : ""}</code></td><td>${f.message}</td><td><pre>${redactText(f.evidence ?? "")}</pre></td><td>${f.fix ?? ""}</td></tr>`,
  )}</tbody></table>`;
}

function diffView(diff: VersionDiff): Raw {
  if (!diff.baseline) return html`<p>No earlier approved version of this skill: everything is new.</p>`;
  return html`<p>Compared with approved submission #${diff.baseline.id} (version ${diff.baseline.version}).</p>
<ul>${diff.files.map((f) => html`<li>${f.change} <code>${f.path}</code>${f.what ? ` (${f.what.join(", ")})` : ""}</li>`)}${diff.files.length ? "" : html`<li>files unchanged</li>`}
${diff.permissions.map((p) => html`<li>permissions.${p.field}: ${p.added.map((a) => `+${a} `)}${p.removed.map((r) => `-${r} `)}</li>`)}</ul>`;
}

function forms(id: number, csrf: string, findings: readonly Finding[]): Raw {
  const rules = [...new Set(findings.map((f) => f.ruleId))];
  return html`<h2>Decision</h2>
<form class="decision" method="post" action="/ui/submissions/${id}/approve"><input type="hidden" name="csrf" value="${csrf}">
<label for="note">Why it is safe (approve and sign)</label><textarea id="note" name="note" required></textarea><button type="submit">Approve and sign</button></form>
<form class="decision" method="post" action="/ui/submissions/${id}/reject"><input type="hidden" name="csrf" value="${csrf}">
<label for="reason">What the creator must fix (reject)</label><textarea id="reason" name="reason" required></textarea><button type="submit">Reject</button></form>
<form class="decision" method="post" action="/ui/submissions/${id}/waive"><input type="hidden" name="csrf" value="${csrf}">
<label for="ruleId">Rule to waive for later submissions of this skill</label><select id="ruleId" name="ruleId">${rules.map((r) => html`<option>${r}</option>`)}</select>
<label for="waive-reason">Why the rule does not apply</label><input id="waive-reason" name="reason" type="text" required>
<label for="expires">Until (YYYY-MM-DD)</label><input id="expires" name="expires" type="text" required pattern="\\d{4}-\\d{2}-\\d{2}.*"><button type="submit">Waive</button></form>`;
}

function where(f: Finding): string {
  return f.file ? ` at ${f.file}${f.line ? `:${f.line}` : ""}` : "";
}
