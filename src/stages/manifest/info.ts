import { manifestOutput } from "./output.js";
import type { StageInfo } from "../stage.types.js";

/** What the registry and the runner know without loading the stage's code (src/stages/index.ts). */
export const manifestInfo: StageInfo = {
  id: "manifest",
  version: "1.4.0",
  output: manifestOutput,
};
