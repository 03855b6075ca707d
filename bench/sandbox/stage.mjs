// The behaviour stage from dist/, run on one skill folder outside the pipeline (shared by the sandbox benches).
import { fixtures, fromDist, root, stageContext } from "./lib.mjs";

export { fixtures, root };
export const { behaviorStage } = await fromDist("stages/behavior/index.js");

/** The stage context for `dir`, with its snapshot and cache under `home`. */
export const behaviorContext = (dir, home, processEnv = process.env) => stageContext(dir, home, { processEnv });
