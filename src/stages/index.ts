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
import { InternalError } from "../errors.js";

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

/** Fails at load time on a registry the runner could not honour (order, ids, declared outputs). */
export function checkRegistry(stages: Stage[]): Stage[] {
  const seen = new Map<string, Stage>();
  const fail = (message: string): never => {
    throw new InternalError("STAGE_REGISTRY", message);
  };
  for (const s of stages) {
    if (seen.has(s.id)) fail(`stage registered twice: ${s.id}`);
    if (!(STAGE_IDS as readonly string[]).includes(s.id)) fail(`stage id not in src/stage-ids.ts: ${s.id}`);
    if (s.output && s.output.stage !== s.id) fail(`stage ${s.id} declares the output of ${s.output.stage}`);
    for (const r of s.requires ?? []) {
      if (!seen.has(r)) fail(`stage ${s.id} requires ${r}, which must run before it`);
    }
    for (const o of s.reads ?? []) {
      const writer = seen.get(o.stage);
      if (!writer) fail(`stage ${s.id} reads the output of ${o.stage}, which must run before it`);
      else if (writer.output !== o) fail(`stage ${s.id} reads an output that ${o.stage} does not declare`);
    }
    if (s.overlaps && (s.requires?.length || s.reads?.length)) fail(`stage ${s.id} overlaps other stages but reads their results`);
    seen.set(s.id, s);
  }
  return stages;
}

export { STAGE_IDS, isStageId, type StageId } from "../stage-ids.js";
export type { Stage, StageContext, StageEnv, StageOutput, Applicability } from "./stage.types.js";
export { readOutput } from "./output.js";
