import { dependenciesOutput } from "../dependencies/output.js";
import { buildOutput } from "./output.js";
import type { StageInfo } from "../stage.types.js";

/** What the registry and the runner know without loading the stage's code (src/stages/index.ts). */
export const buildInfo: StageInfo = {
  id: "build",
  version: "3",
  output: buildOutput,
  reads: [dependenciesOutput],
};
