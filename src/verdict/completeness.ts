import type { StageResult } from "../findings.types.js";
import { STAGE_IDS, type StageId } from "../stages/ids.js";
import type { Policy } from "./policy.js";

export interface IncompleteStage {
  stage: StageId;
  reason: string;
}

/** The stages this verdict requires: the policy's list, narrowed to what the command selected. */
export function requiredStages(policy: Policy, selected?: readonly StageId[]): StageId[] {
  const wanted = new Set(policy.required);
  return STAGE_IDS.filter((id) => wanted.has(id) && (!selected || selected.includes(id)));
}

/**
 * Fail closed: a required stage counts as done only when it passed, reported findings, or was
 * skipped because it had nothing to look at. Errors, timeouts, `--skip`, missing tools, and
 * skips without a stated kind are "analysis incomplete".
 */
export function incompleteStages(
  stages: readonly StageResult[],
  required: readonly StageId[],
  requiredChecks: readonly string[] = [],
): IncompleteStage[] {
  const byId = new Map(stages.map((s) => [s.stageId, s]));
  const out: IncompleteStage[] = [];
  for (const id of required) {
    const result = byId.get(id);
    const reason = whyIncomplete(result);
    if (reason !== undefined) out.push({ stage: id, reason });
    else if (result?.status !== "skipped") out.push(...missingChecks(result!, requiredChecks));
  }
  return out;
}

/** A required check counts only when the stage says it "ran"; absent or skipped is incomplete. */
function missingChecks(result: StageResult, requiredChecks: readonly string[]): IncompleteStage[] {
  const prefix = `${result.stageId}.`;
  return requiredChecks
    .filter((c) => c.startsWith(prefix))
    .map((c) => c.slice(prefix.length))
    .filter((check) => !/^ran\b/.test(result.checks?.[check] ?? ""))
    .map((check) => ({ stage: result.stageId as StageId, reason: `required check ${check} did not run (${result.checks?.[check] ?? "not reported"})` }));
}

function whyIncomplete(result: StageResult | undefined): string | undefined {
  if (!result) return "did not run";
  switch (result.status) {
    case "passed":
    case "findings":
      return undefined;
    case "error":
      return result.reason || "stage failed";
    case "skipped":
      return result.skipKind === "not-applicable" ? undefined : result.reason || "skipped";
  }
}
