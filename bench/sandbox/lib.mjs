// What the sandbox benches share: the repo root, skillsign's modules from dist/ (with one hint
// when it is not built) and a stage context for one skill folder, run outside the pipeline.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const fixtures = join(root, "test/fixtures/skills");
const dist = join(root, "dist/src");

/** dist/src/<rel>, imported; exits 2 with the build hint when dist/ lacks it. */
export async function fromDist(rel) {
  const file = join(dist, rel);
  if (!existsSync(file)) {
    console.error("dist/ is missing: run `npx tsc -p tsconfig.json` first");
    process.exit(2);
  }
  return import(file);
}

const { takeSnapshot } = await fromDist("snapshot/snapshot.js");
const { loadSkill } = await fromDist("skill/load.js");

/** The stage context for `dir`: its snapshot under `home`, the cache dir, earlier stages' results and the process env. */
export async function stageContext(dir, home, { processEnv = process.env, cacheDir = join(home, "cache"), results = new Map() } = {}) {
  const snapshot = await takeSnapshot(dir, { storeDir: join(home, "snapshots") });
  return {
    snapshot,
    skill: loadSkill(snapshot),
    results,
    env: { home, cacheDir, assetsDir: root, signal: new AbortController().signal, processEnv, stageTimeoutMs: 300_000 },
  };
}
