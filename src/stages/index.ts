import { behaviorInfo } from "./behavior/info.js";
import { buildInfo } from "./image-build/info.js";
import { dependenciesInfo } from "./dependencies/info.js";
import { STAGE_IDS } from "../stage-ids.js";
import { imageScanInfo } from "./image-scan/info.js";
import { manifestInfo } from "./manifest/info.js";
import { patternsInfo } from "./patterns/info.js";
import { secretsInfo } from "./secrets/info.js";
import { semgrepInfo } from "./semgrep/info.js";
import type { Stage, StageDescriptor, StageInfo } from "./stage.types.js";
import { InternalError } from "../errors.js";

/**
 * The single stage registry. Array order is pipeline order. Entries are descriptors: a stage's
 * code (and zod, yaml, dockerode, ... with it) is imported only when the runner has work for it,
 * so `scan --only manifest` never loads the sandbox (bench/startup). `loadStage` loads one.
 */
export const STAGES: readonly StageDescriptor[] = checkRegistry([
  { ...manifestInfo, load: async () => (await import("./manifest/index.js")).manifestStage },
  { ...patternsInfo, load: async () => (await import("./patterns/index.js")).patternsStage },
  { ...secretsInfo, load: async () => (await import("./secrets/index.js")).secretsStage },
  { ...semgrepInfo, load: async () => (await import("./semgrep/index.js")).semgrepStage },
  { ...dependenciesInfo, load: async () => (await import("./dependencies/index.js")).dependenciesStage },
  { ...buildInfo, load: async () => (await import("./image-build/index.js")).buildStage },
  { ...imageScanInfo, load: async () => (await import("./image-scan/index.js")).imageScanStage },
  { ...behaviorInfo, load: async () => (await import("./behavior/index.js")).behaviorStage },
]);

/** Fails at load time on a registry the runner could not honour (order, ids, declared outputs). */
export function checkRegistry<S extends StageInfo>(stages: S[]): S[] {
  const seen = new Map<string, S>();
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

/** Loads a descriptor's stage and checks it is the stage the registry describes (same id and facts). */
export async function loadStage(d: StageDescriptor): Promise<Stage> {
  const stage = await d.load();
  const same = stage.id === d.id && stage.version === d.version && stage.output === d.output && stage.overlaps === d.overlaps;
  if (!same) throw new InternalError("STAGE_REGISTRY", `stage ${d.id}: its code does not match its registry entry (info.ts)`);
  return stage;
}

export { STAGE_IDS, isStageId, type StageId } from "../stage-ids.js";
export type { Stage, StageContext, StageDescriptor, StageEnv, StageInfo, StageOutput, Applicability } from "./stage.types.js";
export { readOutput } from "./output.js";
