#!/usr/bin/env node
// Times the build + image-scan stages per skill on the real engine and Trivy: cold (no cached
// image, no cached scan) and cached (second run: image reused, scan result reused).
// Usage: npx tsc -p tsconfig.json && node bench/sandbox/build-scan.mjs [skill-dir ...]
// Goals: cold <= 20 s, cached <= 1 s per skill. Exits 1 when a goal is missed with --strict.
// Also times the build's prefetch for a skill with 10 dependencies (PyPI and npm, real registries):
// cold (empty prefetch cache) and cached. `--prefetch-only` runs just that part.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fixtures, fromDist, stageContext } from "./lib.mjs";

const { takeSnapshot } = await fromDist("snapshot/snapshot.js");
const { buildStage } = await fromDist("stages/image-build/index.js");
const { prefetchConfig, prefetchStep } = await fromDist("prefetch/index.js");

const GOAL_COLD_MS = 20_000;
const GOAL_CACHED_MS = 1_000;
const args = process.argv.slice(2);
const strict = args.includes("--strict");
const defaults = ["benign-minimal", "build-vendored-wheel", "build-foreign-base", "secret-baked-credentials"];
const dirs = args.filter((a) => !a.startsWith("--")).map((p) => resolve(p));
const skills = dirs.length ? dirs : defaults.map((n) => join(fixtures, n));

const home = mkdtempSync(join(tmpdir(), "skillsign-bench-"));
// One Trivy cache for the whole run, as on a real worker: the base image's layer is analysed once.
const env = { ...process.env, SKILLSIGN_HOME: home, SKILLSIGN_TRIVY_CACHE_DIR: join(home, "trivy-layers") };

const contextFor = (dir, cacheDir) => stageContext(dir, home, { processEnv: env, cacheDir });

/** build then image-scan, as the pipeline runs them; returns ms and the two statuses. */
async function buildAndScan(dir, cacheDir) {
  const ctx = await contextFor(dir, cacheDir);
  const started = performance.now();
  const build = await buildStage.run(ctx);
  const built = performance.now();
  ctx.results.set("build", { ...build, stageId: "build", stageVersion: buildStage.version, durationMs: built - started });
  const scan = await imageScanStage.run(ctx);
  const ms = performance.now() - started;
  return { ms, buildMs: built - started, scanMs: ms - (built - started), build, scan };
}

const PYPI_10 = ["attrs", "certifi", "click", "colorama", "idna", "packaging", "pyparsing", "six", "tomli", "typing-extensions"];
const NPM_10 = ["bytes", "depd", "ee-first", "escape-html", "inherits", "is-number", "ms", "safe-buffer", "vary", "left-pad"];

/** Prefetch of 10 declared dependencies per ecosystem: cold (empty cache), then cached. */
async function benchPrefetch() {
  const dir = join(home, "prefetch-10", "ten-deps");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "SKILL.md"), "---\nname: ten-deps\ndescription: bench\n---\n# ten deps\n");
  writeFileSync(join(dir, "requirements.txt"), `${PYPI_10.join("\n")}\n`);
  const snapshot = await takeSnapshot(dir, { storeDir: join(home, "snapshots") });
  const config = prefetchConfig(env, join(home, "prefetch-home"));
  const out = [];
  for (const [name, req] of [["pypi (10 unpinned, requirements.txt)", { ecosystem: "pypi", args: ["-r", "requirements.txt"] }], ["npm (10 named, lock generated)", { ecosystem: "npm", packages: NPM_10 }]]) {
    const times = [];
    for (const run of ["cold", "cached"]) {
      const outDir = join(home, "prefetch-out", `${req.ecosystem}-${run}`);
      const t0 = performance.now();
      const got = await prefetchStep(req, snapshot, outDir, config, env);
      times.push({ run, ms: performance.now() - t0, cached: got.cached, packages: got.packages.length });
    }
    out.push({ name, times });
  }
  return out;
}

if (args.includes("--prefetch-only")) {
  try {
    for (const r of await benchPrefetch()) {
      console.log(`prefetch ${r.name.padEnd(38)} ${r.times.map((t) => `${t.run} ${(t.ms / 1000).toFixed(2)} s (${t.packages} files${t.cached ? ", from cache" : ""})`).join("; ")}`);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  process.exit(0);
}

const { imageScanStage } = await fromDist("stages/image-scan/index.js");
const rows = [];
const made = new Set();
let prefetchRows = [];
try {
  prefetchRows = await benchPrefetch();
  // Warm Trivy's layer cache on the base image once (reported, not counted per skill).
  const warm = await buildAndScan(join(fixtures, "benign-minimal"), join(home, "warmup"));
  if (warm.build.data?.imageTag) made.add(warm.build.data.imageTag);
  console.log(`one-time base layer analysis (first build+scan on this worker): ${(warm.ms / 1000).toFixed(1)} s`);
  for (const dir of skills) {
    const probe = await contextFor(dir, join(home, "probe"));
    // Cold: no image for this content, no cached scan result.
    const tagPrefix = `skillsign/skill:${probe.snapshot.contentHash.slice(0, 16)}-`;
    for (const t of spawnSync("docker", ["images", "--format", "{{.Repository}}:{{.Tag}}"], { encoding: "utf8" }).stdout.split("\n")) {
      if (t.startsWith(tagPrefix)) spawnSync("docker", ["rmi", "-f", t], { stdio: "ignore" });
    }
    const cacheDir = join(home, `cache-${rows.length}`);
    const cold = await buildAndScan(dir, cacheDir);
    if (cold.build.data?.imageTag) made.add(cold.build.data.imageTag);
    const cached = await buildAndScan(dir, cacheDir);
    rows.push({
      skill: dir.split("/").pop(),
      cold: cold.ms,
      coldBuild: cold.buildMs,
      coldScan: cold.scanMs,
      cached: cached.ms,
      status: `${cold.build.status}/${cold.scan.status}`,
      reused: cached.build.data?.cached === true && cached.scan.data?.cached === true,
    });
  }
} finally {
  for (const t of made) spawnSync("docker", ["rmi", "-f", t], { stdio: "ignore" });
  rmSync(home, { recursive: true, force: true });
}

const s = (ms) => (ms / 1000).toFixed(2).padStart(6);
console.log("skill                          cold s (build+scan)    ratio   cached s  ratio  reused  build/scan status");
for (const r of rows) {
  console.log(
    `${r.skill.padEnd(30)} ${s(r.cold)} (${s(r.coldBuild)}+${s(r.coldScan)})  ${(r.cold / GOAL_COLD_MS).toFixed(2).padStart(5)}  ${s(r.cached)}  ${(r.cached / GOAL_CACHED_MS).toFixed(2).padStart(5)}  ${String(r.reused).padEnd(6)}  ${r.status}`,
  );
}
for (const r of prefetchRows) {
  console.log(`prefetch ${r.name.padEnd(38)} ${r.times.map((t) => `${t.run} ${(t.ms / 1000).toFixed(2)} s (${t.packages} files${t.cached ? ", from cache" : ""})`).join("; ")}`);
}
const worstCold = Math.max(...rows.map((r) => r.cold));
const worstCached = Math.max(...rows.map((r) => r.cached));
console.log(`worst cold ${(worstCold / 1000).toFixed(2)} s = ${(worstCold / GOAL_COLD_MS).toFixed(2)} x goal (${GOAL_COLD_MS / 1000} s); worst cached ${(worstCached / 1000).toFixed(2)} s = ${(worstCached / GOAL_CACHED_MS).toFixed(2)} x goal (${GOAL_CACHED_MS / 1000} s)`);
if (strict && (worstCold > GOAL_COLD_MS || worstCached > GOAL_CACHED_MS)) process.exit(1);
