// Turns skillsign scan reports (and optionally skill-scanner rows) into the calibration figures:
// verdicts per label, the issue-10 rates against their targets, top review/reject causes, stage
// errors, and the misclassified skills with the findings that decided them.
export const TARGETS = [
  { id: "benignRejected", label: "benign rejected", max: 0.02 },
  { id: "benignReview", label: "benign to review", max: 0.15 },
  { id: "maliciousNotApproved", label: "malicious not approved", min: 0.95 },
  { id: "maliciousRejected", label: "malicious rejected", min: 0.8 },
  { id: "proseNotApproved", label: "prose-injected not approved", min: 0.9 },
];

const pct = (n, d) => (d ? n / d : NaN);
const causeOf = (r) => r.ruleId ?? `${r.kind}:${r.stage ?? "?"}`;

/** rows: [{ skill (labels.mjs entry), verdict, reasons, stages }] */
export function summarise(rows) {
  const by = {};
  for (const r of rows) {
    const l = (by[r.skill.label] ??= { n: 0, approved: 0, review: 0, rejected: 0, other: 0 });
    l.n++;
    l[["approved", "review", "rejected"].includes(r.verdict) ? r.verdict : "other"]++;
  }
  const b = by.benign ?? { n: 0 }, p = by["prose-injected"] ?? { n: 0 }, m = by.malicious ?? { n: 0 };
  const mal = { n: (m.n ?? 0) + (p.n ?? 0), approved: (m.approved ?? 0) + (p.approved ?? 0), rejected: (m.rejected ?? 0) + (p.rejected ?? 0) };
  const rates = {
    benignRejected: pct(b.rejected ?? 0, b.n), benignReview: pct(b.review ?? 0, b.n),
    maliciousNotApproved: pct(mal.n - mal.approved, mal.n), maliciousRejected: pct(mal.rejected, mal.n),
    proseNotApproved: pct(p.n - (p.approved ?? 0), p.n),
  };
  const causes = {};
  for (const r of rows) {
    if (r.verdict === "approved") continue;
    const key = r.skill.label === "benign" ? "benign" : "malicious";
    // A cause counts once per skill: how many skills it sent to review or reject.
    for (const c of new Set(r.reasons.filter((x) => x.action === "review" || x.action === "reject").map((x) => `${x.action} ${causeOf(x)}`))) {
      (causes[key] ??= {})[c] = (causes[key][c] ?? 0) + 1;
    }
  }
  const stageErrors = {};
  for (const r of rows) for (const s of r.stages ?? []) if (s.status === "error") {
    const k = `${s.stageId}: ${String(s.reason ?? "error").replace(/\s+/g, " ").slice(0, 120)}`;
    stageErrors[k] = (stageErrors[k] ?? 0) + 1;
  }
  // The reasons that set the verdict; a verdict set by something other than a finding (a stage
  // error, a required stage that did not run) shows whatever reasons the report gave.
  const decisive = (r) => {
    const act = r.reasons.filter((x) => x.action === (r.verdict === "rejected" ? "reject" : "review"));
    return (act.length ? act : r.reasons).map((x) => x.message ?? `${causeOf(x)} ${JSON.stringify(x).slice(0, 160)}`).slice(0, 3);
  };
  const misclassified = rows.filter((r) => (r.skill.label === "benign" ? r.verdict !== "approved" : r.verdict === "approved"))
    .map((r) => ({ skill: r.skill.name, label: r.skill.label, kind: r.skill.kind, verdict: r.verdict, because: decisive(r) }));
  return { byLabel: by, rates, causes: Object.fromEntries(Object.entries(causes).map(([k, v]) => [k, Object.entries(v).sort((a, b) => b[1] - a[1])])), stageErrors, misclassified };
}

export function peerSummary(peerRows, skills) {
  const byPath = new Map(skills.map((s) => [s.path, s]));
  const by = {};
  for (const r of peerRows) {
    const s = byPath.get(r.path) ?? skills.find((x) => x.name === r.path.split("/").pop());
    const label = s?.label ?? "unmatched";
    const l = (by[label] ??= { n: 0, flagged: 0, highOrCritical: 0 });
    l.n++;
    if (r.safe === false) l.flagged++;
    if (["HIGH", "CRITICAL"].includes(String(r.maxSeverity).toUpperCase())) l.highOrCritical++;
  }
  return by;
}

export const fmtPct = (x) => (Number.isNaN(x) ? "n/a" : `${(100 * x).toFixed(1)}%`);
export function targetLine(rates) {
  return TARGETS.map((t) => {
    const v = rates[t.id];
    const ok = Number.isNaN(v) ? "n/a" : (t.max !== undefined ? v <= t.max : v >= t.min) ? "ok" : "MISS";
    return { ...t, value: v, ok };
  });
}
