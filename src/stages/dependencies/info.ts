import type { StageInfo } from "../stage.types.js";
import { dependenciesOutput } from "./output.js";

/** What the registry and the runner know without loading the stage's code (src/stages/index.ts). */
export const dependenciesInfo: StageInfo = {
  id: "dependencies",
  version: "2",
  output: dependenciesOutput,
};
