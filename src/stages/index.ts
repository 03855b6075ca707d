import { behaviorStage } from "./behavior/index.js";
import { buildStage } from "./image-build/index.js";
import { dependenciesStage } from "./dependencies/index.js";
import { STAGE_IDS } from "../stage-ids.js";
import { imageScanStage } from "./image-scan/index.js";
import { manifestStage } from "./manifest/index.js";
import { patternsStage } from "./patterns/index.js";
import { secretsStage } from "./secrets/index.js";
import { semgrepStage } from "./semgrep/index.js";
import type { Stage } from "./stage.types.js";

/** The single stage registry. Array order is pipeline order. */
export const STAGES: readonly Stage[] = checkRegistry([
  manifestStage,
  patternsStage,
  secretsStage,
  semgrepStage,
  dependenciesStage,
  buildStage,
  imageScanStage,
  behaviorStage,
]);

function checkRegistry(stages: Stage[]): Stage[] {
  const seen = new Set<string>();
  for (const s of stages) {
    if (seen.has(s.id)) throw new Error(`stage registered twice: ${s.id}`);
    if (!(STAGE_IDS as readonly string[]).includes(s.id)) throw new Error(`stage id not in ids.ts: ${s.id}`);
    for (const r of s.requires ?? []) {
      if (!seen.has(r)) throw new Error(`stage ${s.id} requires ${r}, which must run before it`);
    }
    seen.add(s.id);
  }
  return stages;
}

export { STAGE_IDS, isStageId, type StageId } from "../stage-ids.js";
export type { Stage, StageContext, StageEnv, Applicability } from "./stage.types.js";
