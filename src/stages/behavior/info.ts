import { buildOutput } from "../image-build/output.js";
import { manifestOutput } from "../manifest/output.js";
import type { StageInfo } from "../stage.types.js";

/** What the registry and the runner know without loading the stage's code (src/stages/index.ts). */
export const behaviorInfo: StageInfo = {
  id: "behavior",
  version: "2",
  reads: [manifestOutput, buildOutput],
};
