// The behaviour stage from dist/, run on one skill folder outside the pipeline (shared by the sandbox benches).
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const fixtures = join(root, "test/fixtures/skills");
const dist = join(root, "dist/src");
if (!existsSync(join(dist, "stages/behavior/index.js"))) {
  console.error("dist/ is missing: run `npx tsc -p tsconfig.json` first");
  process.exit(2);
}
const { takeSnapshot } = await import(join(dist, "snapshot/snapshot.js"));
const { loadSkill } = await import(join(dist, "skill/load.js"));
export const { behaviorStage } = await import(join(dist, "stages/behavior/index.js"));

/** The stage context for `dir`, with its snapshot and cache under `home`. */
export async function behaviorContext(dir, home, processEnv = process.env) {
  const snapshot = await takeSnapshot(dir, { storeDir: join(home, "snapshots") });
  return {
    snapshot,
    skill: loadSkill(snapshot),
    results: new Map(),
    env: { home, cacheDir: join(home, "cache"), assetsDir: root, signal: new AbortController().signal, processEnv, stageTimeoutMs: 300_000 },
  };
}
