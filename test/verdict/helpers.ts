import type { Finding, StageResult } from "../../src/findings.types.js";
import { STAGE_IDS, type StageId } from "../../src/stage-ids.js";
import { loadPolicy, type Policy } from "../../src/verdict/policy.js";
import type { RoutableAnalysis } from "../../src/verdict/verdict.types.js";

export const shippedPolicy: Policy = loadPolicy();

export function finding(over: Partial<Finding> = {}): Finding {
  return { ruleId: "patterns.example", stage: "patterns", severity: "medium", category: "test", confidence: "high", message: "example", ...over };
}

export function stage(stageId: StageId, over: Partial<StageResult> = {}): StageResult {
  return { stageId, stageVersion: "1", status: "passed", findings: [], durationMs: 0, ...over };
}

/** Every stage passed unless overridden; findings are the union of stage findings plus `extra`. */
export function analysis(over: { stages?: Partial<Record<StageId, Partial<StageResult>>>; findings?: Finding[]; name?: string } = {}): RoutableAnalysis {
  const stages = STAGE_IDS.map((id) => stage(id, over.stages?.[id]));
  return { name: over.name ?? "demo-skill", stages, findings: over.findings ?? [] };
}
