#!/usr/bin/env node
// Times the build's SBOM and the image-scan after it, per fresh image, for the two ways the SBOM
// can be made: through the image-scan's trivy server (default) and a direct `trivy image --format
// cyclonedx` (SKILLSIGN_SBOM_VIA_SERVER=0, the earlier way). The modes alternate on fresh skills
// (one install step under runsc, unique content) so both see the same machine load.
// Usage: npx tsc -p tsconfig.json && node bench/sandbox/sbom.mjs [--rounds N]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fromDist, stageContext } from "./lib.mjs";

const { buildStage } = await fromDist("stages/image-build/index.js");
const { imageScanStage } = await fromDist("stages/image-scan/index.js");
const { stopTrivyServer } = await fromDist("stages/image-scan/server.js");

const argv = process.argv.slice(2);
const rounds = Number(argv[argv.indexOf("--rounds") + 1]) || 3;
const home = mkdtempSync(join(tmpdir(), "skillsign-bench-sbom-"));
const trivyCache = join(home, "trivy-layers");
// One Trivy cache (and server) and one SBOM seed for the whole run, as on a real worker.
const baseEnv = { ...process.env, SKILLSIGN_HOME: home, SKILLSIGN_TRIVY_CACHE_DIR: trivyCache, SKILLSIGN_SBOM_SEED_DIR: join(home, "seed") };

function skill(n) {
  const dir = join(home, "skills", `sbom-bench-${n}`);
  mkdirSync(dir, { recursive: true });
  const cmd = `mkdir -p /home/skill/data && echo ${n}-${Date.now()} > /home/skill/data/stamp`;
  writeFileSync(join(dir, "SKILL.md"), `---\nname: sbom-bench-${n}\ndescription: "Generated bench skill."\nmetadata:\n  openclaw:\n    install:\n      - kind: shell\n        label: Stamp\n        command: ${JSON.stringify(cmd)}\n---\n\n# bench ${n}\n`);
  return dir;
}

const context = (dir, env, results = new Map()) => stageContext(dir, home, { processEnv: env, results });

async function once(n, mode) {
  const env = mode === "direct" ? { ...baseEnv, SKILLSIGN_SBOM_VIA_SERVER: "0" } : baseEnv;
  const dir = skill(n);
  const built = await buildStage.run(await context(dir, env));
  if (!built.data?.imageTag || !built.data?.sbom) throw new Error(`build ${n}: ${built.reason ?? built.data?.sbomError ?? "no image"}`);
  const results = new Map([["build", { stageId: "build", stageVersion: "2", status: built.status, findings: built.findings, durationMs: 0, data: built.data }]]);
  const t0 = Date.now();
  const scan = await imageScanStage.run(await context(dir, env, results));
  const scanMs = Date.now() - t0;
  if (scan.status === "error") throw new Error(`scan ${n}: ${scan.reason}`);
  spawnSync("docker", ["rmi", "-f", built.data.imageTag], { stdio: "ignore" });
  return { mode, via: built.data.sbom.via, sbomMs: built.data.sbomMs, scanMs, load: loadavg()[0].toFixed(1) };
}

try {
  console.log("warm-up (server start, base layers into the server cache and the seed) ...");
  await once(0, "direct");
  await once(1, "server");
  const rows = [];
  for (let i = 0; i < rounds; i++) {
    for (const mode of i % 2 ? ["server", "direct"] : ["direct", "server"]) {
      const r = await once(10 + rows.length, mode);
      rows.push(r);
      console.log(`${r.mode.padEnd(7)} via=${r.via.padEnd(11)} sbom ${String(r.sbomMs).padStart(6)} ms  image-scan ${String(r.scanMs).padStart(6)} ms  sum ${String(r.sbomMs + r.scanMs).padStart(6)} ms  load ${r.load}`);
    }
  }
  for (const mode of ["direct", "server"]) {
    const rs = rows.filter((r) => r.mode === mode);
    const mean = (k) => Math.round(rs.reduce((s, r) => s + r[k], 0) / rs.length);
    console.log(`mean ${mode.padEnd(7)} sbom ${mean("sbomMs")} ms, image-scan ${mean("scanMs")} ms, sum ${mean("sbomMs") + mean("scanMs")} ms (n=${rs.length})`);
  }
} finally {
  stopTrivyServer(trivyCache);
  rmSync(home, { recursive: true, force: true });
}
