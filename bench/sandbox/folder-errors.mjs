#!/usr/bin/env node
// Runs `scan --sandbox` once over a folder of skills (as a marketplace would: one process, the
// pipeline's own concurrency) and counts stage errors by stage and reason, flagging the ones that
// mean the run collided with itself (Trivy/bbolt locks, Docker name conflicts, runsc log dir).
// Usage: npx tsc -p tsconfig.json && node bench/sandbox/folder-errors.mjs <folder-of-skills> [--limit N]
// Exits 1 when any concurrency error is seen. Uses a private TMPDIR and SKILLSIGN_HOME.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { frozenCli } from "../concurrency/frozen-build.mjs";

const args = process.argv.slice(2);
const src = args.find((a) => !a.startsWith("--") && !/^\d+$/.test(a));
const limitAt = args.indexOf("--limit");
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : 50;
if (!src) {
  console.error("usage: node bench/sandbox/folder-errors.mjs <folder-of-skills> [--limit N]");
  process.exit(2);
}
const CONCURRENCY = /in use by another process|acquire cache or database lock|Conflict\. The container name|is already in use by container|EEXIST/i;

const work = mkdtempSync(join(tmpdir(), "skillsign-bench-folder-"));
const skills = join(work, "skills");
mkdirSync(skills);
for (const name of readdirSync(resolve(src)).sort().slice(0, limit)) cpSync(join(resolve(src), name), join(skills, name), { recursive: true });
mkdirSync(join(work, "tmp"));
const started = Date.now();
const run = spawnSync(process.execPath, [frozenCli(), "scan", "--sandbox", "--json", "-o", join(work, "report.json"), skills], {
  env: { ...process.env, TMPDIR: join(work, "tmp"), SKILLSIGN_HOME: join(work, "home") },
  stdio: ["ignore", "ignore", "inherit"],
});
const seconds = (Date.now() - started) / 1000;
const report = JSON.parse(readFileSync(join(work, "report.json"), "utf8"));
const byStage = {};
const errors = [];
for (const s of report.skills) {
  for (const st of s.stages ?? []) {
    const key = `${st.stageId}:${st.status}`;
    byStage[key] = (byStage[key] ?? 0) + 1;
    if (st.status === "error") errors.push({ skill: s.path, stage: st.stageId, reason: st.reason ?? "" });
  }
}
const collisions = errors.filter((e) => CONCURRENCY.test(e.reason));
console.log(`${report.skills.length} skills in ${seconds.toFixed(0)} s (exit ${run.status}); work dir ${work}`);
console.table(byStage);
for (const e of errors) console.log(`${CONCURRENCY.test(e.reason) ? "CONCURRENCY " : ""}${e.stage} ${e.skill}: ${e.reason.slice(0, 200)}`);
console.log(`stage errors: ${errors.length}; caused by concurrency: ${collisions.length}`);
process.exit(collisions.length ? 1 : 0);
