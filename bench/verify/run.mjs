// Verify benchmark: 1,000 small signed skills, verifySkill on each, against one
// `find … -exec sha256sum {} +` over the same files. Goal: verify ≤ 2 × sha256sum + 2 ms/skill.
// Also times `skillsign verify --all` (the runtime boot check) over the same 1,000 installed skills,
// and the light entry's cold start (`skillsign verify DIR`) against `node -e 0` (goal <= 150 ms).
// Run with `npm run bench:verify` (builds first) or `node bench/verify/run.mjs` after `npm run build`.
import { execSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const dist = new URL("../../dist/src/", import.meta.url);
const { Ed25519Signer, signSkill, verifySkill, defaultSignaturePath, envelopeJson } = await import(new URL("signing/index.js", dist).href);
const { randomSeed } = await import(new URL("signing/ed25519.js", dist).href);
const { takeSnapshot } = await import(new URL("snapshot/index.js", dist).href);
const { loadSkill } = await import(new URL("skill/load.js", dist).href);

const COUNT = Number(process.env.BENCH_SKILLS ?? 1000);
const root = mkdtempSync(join(tmpdir(), "skillsign-bench-verify-"));
const skillsDir = join(root, "skills");
const signHome = join(root, "home-sign");
const verifyHome = join(root, "home-verify");

try {
  const signer = new Ed25519Signer(randomSeed());
  const trust = {
    schemaVersion: 1,
    keys: [{ keyId: signer.keyId, publicKey: Buffer.from(signer.publicKey).toString("base64"), validFrom: "2020-01-01T00:00:00Z", validUntil: "2100-01-01T00:00:00Z" }],
  };

  const dirs = [];
  for (let i = 0; i < COUNT; i++) {
    const name = `bench-skill-${i}`;
    const dir = join(skillsDir, name);
    mkdirSync(join(dir, "scripts"), { recursive: true });
    mkdirSync(join(dir, "references"), { recursive: true });
    writeFileSync(join(dir, "SKILL.md"), `---\nname: ${name}\ndescription: Benchmark skill ${i}.\nallowed-tools: Read Bash(git status:*)\n---\n# ${name}\n\n${"Some instructions. ".repeat(100)}\n`);
    writeFileSync(join(dir, "scripts", "run.sh"), `#!/bin/sh\necho ${i}\n${"# filler\n".repeat(50)}`);
    chmodSync(join(dir, "scripts", "run.sh"), 0o755);
    writeFileSync(join(dir, "references", "notes.md"), `Notes for ${i}.\n${"Reference text. ".repeat(200)}\n`);
    dirs.push(dir);
  }

  const signStart = performance.now();
  for (const dir of dirs) {
    const snapshot = await takeSnapshot(dir, { storeDir: join(signHome, "snapshots") });
    const skill = loadSkill(snapshot);
    const envelope = await signSkill(
      { snapshot, name: skill.name, version: skill.version, permissions: skill.permissions, approval: { kind: "pipeline" }, sequence: 1 },
      signer,
    );
    writeFileSync(defaultSignaturePath(dir), envelopeJson(envelope));
  }
  const signMs = performance.now() - signStart;

  // Warm the page cache for both contenders alike.
  execSync(`find ${JSON.stringify(skillsDir)} -type f -name '*.md' -exec cat {} + > /dev/null`);

  // Cold: a fresh home, so verification pays for its own snapshot copies (a first verify).
  // Warm: the signer's home, whose content-addressed copies already exist (a repeat verify).
  const timeVerify = async (home) => {
    const start = performance.now();
    const cpu = process.cpuUsage();
    let failed = 0;
    for (const dir of dirs) if (!(await verifySkill(dir, { trust, home })).ok) failed++;
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, failed };
  };
  const cold = await timeVerify(verifyHome);
  const warm = await timeVerify(signHome);
  const failures = cold.failed + warm.failed;

  // bash's `time` reports the CPU seconds of find + sha256sum, comparable to verify's CPU time.
  const shaStart = performance.now();
  const sha = spawnSync(
    "/bin/bash",
    ["-c", `TIMEFORMAT='%U %S'; time (find "$1" -type f ! -name '*.skillsig.json' -exec sha256sum {} + > /dev/null)`, "bash", skillsDir],
    { encoding: "utf8" },
  );
  const shaMs = performance.now() - shaStart;
  const [shaUser, shaSys] = sha.stderr.trim().split(/\s+/).slice(-2).map(Number);
  const shaCpuMs = (shaUser + shaSys) * 1000;

  // The runtime's boot check: one `skillsign verify --all` process over the installed folder
  // (SKILLS_DIR/<name> + SKILLS_DIR/<name>.skillsig.json), trust read from disk, fresh state.
  const trustPath = join(root, "trust.json");
  writeFileSync(trustPath, JSON.stringify(trust));
  const bin = new URL("../../dist/bin/skillsign.js", import.meta.url).pathname;
  const allStart = performance.now();
  const all = spawnSync(
    "/bin/bash",
    ["-c", `TIMEFORMAT='%U %S'; time ("$@" 2>/dev/null)`, "bash", process.execPath, bin, "verify", "--all", skillsDir, "--trust", trustPath, "--json"],
    { encoding: "utf8", env: { ...process.env, SKILLSIGN_HOME: join(root, "home-all") }, maxBuffer: 64 * 1024 * 1024 },
  );
  const allMs = performance.now() - allStart;
  const allCpuMs = all.stderr.trim().split(/\s+/).slice(-2).map(Number).reduce((a, b) => a + b, 0) * 1000;
  const allSummary = JSON.parse(all.stdout || "{}");
  const allFailed = all.status !== 0 || allSummary.total !== COUNT || allSummary.failed !== 0;

  // Cold start of the light entry on one skill, interleaved with `node -e 0` so both see the same load.
  const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 15);
  const wall = (args, env = process.env) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`cold start run failed (${r.status}): ${r.stderr.slice(0, 300)}`);
    return performance.now() - t;
  };
  const nodeTimes = [];
  const lightTimes = [];
  const verifyEnv = { ...process.env, SKILLSIGN_HOME: join(root, "home-cold") };
  for (let i = 0; i < RUNS; i++) {
    nodeTimes.push(wall(["-e", "0"]));
    lightTimes.push(wall([bin, "verify", dirs[0], "--trust", trustPath], verifyEnv));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  const fmt = (ms) => `${ms.toFixed(0).padStart(6)} ms (${(ms / COUNT).toFixed(3)} ms/skill)`;
  const goal = (ms, base) => (ms <= 2 * base + 2 * COUNT ? "met" : "NOT met");
  const line = (label, r) =>
    `${label} wall ${fmt(r.ms)} = ${(r.ms / shaMs).toFixed(1)}x, goal ${goal(r.ms, shaMs)} | cpu ${fmt(r.cpuMs)} = ${(r.cpuMs / shaCpuMs).toFixed(1)}x, goal ${goal(r.cpuMs, shaCpuMs)}`;
  console.log(`skills:       ${COUNT} (3 files each); goal: verify <= 2 x sha256sum + 2 ms/skill`);
  console.log(`sign:         wall ${fmt(signMs)}`);
  console.log(`sha256sum:    wall ${fmt(shaMs)} | cpu ${fmt(shaCpuMs)}`);
  console.log(line("verify cold: ", cold));
  console.log(line("verify warm: ", warm));
  console.log(
    `verify --all: wall ${fmt(allMs)} (one process, ${allSummary.total ?? 0} skills) = sha256sum + ${(allMs - shaMs).toFixed(0)} ms; goal "well under 1 s beyond sha256sum" (aim < 500 ms) ${allMs - shaMs < 500 ? "met" : "NOT met"} | cpu ${fmt(allCpuMs)}`,
  );
  const coldStart = median(lightTimes);
  console.log(
    `cold start:   verify DIR median ${coldStart.toFixed(0)} ms vs node -e 0 median ${median(nodeTimes).toFixed(0)} ms (${RUNS} runs each, interleaved); goal <= 150 ms ${coldStart <= 150 ? "met" : "NOT met"}`,
  );
  if (failures) console.log(`FAILED verifications: ${failures}`);
  if (allFailed) console.log(`verify --all FAILED: exit ${all.status}, ${allSummary.failed ?? "?"} failed; ${all.stderr.slice(0, 300)}`);
  process.exitCode = failures > 0 || allFailed ? 1 : 0;
} finally {
  rmSync(root, { recursive: true, force: true });
}
