import type { Finding } from "../findings.types.js";
import { compareFindings } from "../findings.js";
import { incompleteStages, requiredStages } from "./completeness.js";
import type { Policy } from "./policy.js";
import type { Decision, FindingAction, RoutableAnalysis, RouteOptions, Verdict, VerdictReason } from "./verdict.types.js";
import { activeWaivers, waiverFor } from "./waivers.js";
import { fingerprintFindings } from "./fingerprint.js";

/**
 * What the policy does with one finding: a hypothesis takes its `otherwise` action until its stage
 * confirmed it and its `then` action after, then a per-rule override, else severity × confidence.
 * `confirmed` lists the stages that ran to completion; without it no hypothesis counts as
 * confirmed (fail closed).
 */
export function actionFor(finding: Finding, policy: Policy, confirmed: ReadonlySet<string> = new Set()): FindingAction {
  const hypothesis = policy.confirm[finding.ruleId];
  const settled = hypothesis && (confirmed.has(hypothesis.by) ? hypothesis.then : hypothesis.otherwise);
  if (settled) return settled;
  const override = policy.rules[finding.ruleId];
  if (override) return override;
  return policy.findings[finding.severity][finding.confidence ?? policy.defaultConfidence];
}

/**
 * The verdict: a pure function of the analysis, the policy and the options (no I/O, no clock).
 * Reject beats review beats approve; an incomplete required stage can never be approved.
 */
export function route(analysis: RoutableAnalysis, policy: Policy, options: RouteOptions = {}): Verdict {
  const confirmed = confirmedStages(analysis);
  const waivers = activeWaivers(analysis.name, options.waivers, options.now);
  const findings = [...analysis.findings].sort(compareFindings);
  const prints = options.baseline ? fingerprintFindings(analysis.name, findings) : [];
  const rejecting: Finding[] = [];
  const reviewing: Finding[] = [];
  const waived: VerdictReason[] = [];

  for (const [i, f] of findings.entries()) {
    const action = actionFor(f, policy, confirmed);
    if (action === "pass") continue;
    const waiver = waiverFor(f, waivers, policy);
    const baselined = options.baseline && !policy.neverWaive.includes(f.ruleId) ? options.baseline.get(prints[i]!) : undefined;
    if (baselined !== undefined) {
      waived.push({ kind: "waived", ruleId: f.ruleId, stage: f.stage, fingerprint: prints[i]!, message: `${describe(f)} (in the baseline: ${baselined})` });
    } else if (waiver) {
      waived.push({ kind: "waived", ruleId: f.ruleId, stage: f.stage, message: `${describe(f)} (waived by ${waiver.by} until ${waiver.expires}: ${waiver.reason})` });
    } else {
      (action === "reject" ? rejecting : reviewing).push(f);
    }
  }

  const incomplete = incompleteStages(analysis.stages, requiredStages(policy, options.selectedStages), policy.requiredChecks);
  const reasons: VerdictReason[] = [
    ...rejecting.map((f) => findingReason(f, "reject", policy, confirmed)),
    ...incomplete.map((s): VerdictReason => ({ kind: "incomplete", stage: s.stage, message: `analysis incomplete: ${s.stage}: ${s.reason}` })),
    ...reviewing.map((f) => findingReason(f, "review", policy, confirmed)),
    ...waived,
  ];
  const decision: Decision = rejecting.length > 0 ? "rejected" : reviewing.length > 0 || incomplete.length > 0 ? "review" : "approved";
  const decidingFindings = decision === "rejected" ? rejecting : decision === "review" ? reviewing : [];
  return { decision, reasons, decidingFindings };
}

/** Stages whose result can confirm or refute a hypothesis: they ran and finished. */
function confirmedStages(analysis: RoutableAnalysis): Set<string> {
  return new Set(analysis.stages.filter((s) => s.status === "passed" || s.status === "findings").map((s) => s.stageId));
}

function findingReason(f: Finding, action: "reject" | "review", policy: Policy, confirmed: ReadonlySet<string>): VerdictReason {
  return { kind: "finding", action, ruleId: f.ruleId, stage: f.stage, message: describe(f, policy, confirmed) };
}

function describe(f: Finding, policy?: Policy, confirmed?: ReadonlySet<string>): string {
  const where = f.file ? ` at ${f.file}${f.line ? `:${f.line}` : ""}` : "";
  const by = policy?.confirm[f.ruleId]?.by;
  const unconfirmed = by && !confirmed?.has(by) ? ` (unconfirmed: the ${by} stage did not run to completion)` : "";
  return `${f.severity} ${f.ruleId}${where}: ${f.message}${unconfirmed}`;
}
