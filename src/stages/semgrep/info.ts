import type { StageInfo } from "../stage.types.js";

/** What the registry and the runner know without loading the stage's code (src/stages/index.ts). */
export const semgrepInfo: StageInfo = {
  id: "semgrep",
  version: "4",
  overlaps: true,
};
