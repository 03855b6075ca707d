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
export function incompleteStages(stages: readonly StageResult[], required: readonly StageId[]): IncompleteStage[] {
  const byId = new Map(stages.map((s) => [s.stageId, s]));
  const out: IncompleteStage[] = [];
  for (const id of required) {
    const reason = whyIncomplete(byId.get(id));
    if (reason !== undefined) out.push({ stage: id, reason });
  }
  return out;
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
