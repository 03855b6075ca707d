import type { StageInfo } from "../stage.types.js";

/** What the registry and the runner know without loading the stage's code (src/stages/index.ts). */
export const secretsInfo: StageInfo = {
  id: "secrets",
  version: "2",
};
