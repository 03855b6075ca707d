import type { StageResult } from "../findings.types.js";
import { STAGE_IDS, type StageId } from "../stage-ids.js";
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
    const leftOut = reason === undefined && result ? plannedButNotRun(result) : undefined;
    if (reason !== undefined) out.push({ stage: id, reason });
    else if (leftOut) out.push({ stage: id, reason: leftOut });
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

/** Reasons a planned command was left out for lack of room: the runner's time budget, or a cancel. */
const OUT_OF_ROOM = /time budget|over the cap|cancelled/;

/**
 * A stage that planned work and did not do all of it proves nothing about the rest (a payload in
 * the 13th script): its `data.notRun` entries marked `incomplete`, or left out for time, make it
 * incomplete even though what ran was clean.
 */
function plannedButNotRun(result: StageResult): string | undefined {
  const notRun = (result.data as { notRun?: unknown } | undefined)?.notRun;
  if (!Array.isArray(notRun)) return undefined;
  const missed = notRun.filter((n): n is { command?: unknown; reason?: unknown; incomplete?: unknown } => typeof n === "object" && n !== null)
    .filter((n) => n.incomplete === true || (typeof n.reason === "string" && OUT_OF_ROOM.test(n.reason)));
  if (missed.length === 0) return undefined;
  const first = missed[0]!;
  return `${missed.length} planned command(s) did not run (first: ${String(first.command)}: ${String(first.reason)})`;
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
