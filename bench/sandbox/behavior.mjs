#!/usr/bin/env node
// Times the behaviour stage per high-risk skill on the real engine (Docker + gVisor runsc-trace).
// Usage: npx tsc -p tsconfig.json && node bench/sandbox/behavior.mjs [skill-dir ...]
// Default: the behavior-* fixtures. Goal: <= 15 s for a skill with 3 commands.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { behaviorContext, behaviorStage, fixtures } from "./stage.mjs";

const GOAL_MS_FOR_3 = 15_000;
const dirs = process.argv.slice(2).length
  ? process.argv.slice(2).map((p) => resolve(p))
  : readdirSync(fixtures).filter((n) => n.startsWith("behavior-") && n !== "behavior-hanging-script").sort().map((n) => join(fixtures, n));

const home = mkdtempSync(join(tmpdir(), "skillsign-bench-"));
const rows = [];
try {
  for (const dir of dirs) {
    const ctx = await behaviorContext(dir, home);
    if (!behaviorStage.appliesTo(ctx).applies) {
      rows.push({ skill: ctx.snapshot.sourcePath, commands: 0, ms: 0, status: "skipped (not high-risk)" });
      continue;
    }
    const t0 = performance.now();
    const out = await behaviorStage.run(ctx);
    const ms = Math.round(performance.now() - t0);
    const n = (out.data?.commands ?? []).length;
    rows.push({ skill: dir.split("/").pop(), commands: n, ms, status: out.status === "error" ? `error: ${out.reason}` : `${out.status} (${out.findings.length})` });
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}

console.log("skill".padEnd(32), "cmds".padStart(4), "total ms".padStart(9), "ms/cmd".padStart(7), " 3-cmd est.", " status");
for (const r of rows) {
  const per = r.commands ? Math.round(r.ms / r.commands) : 0;
  const est = per * 3;
  const verdict = r.commands ? (est <= GOAL_MS_FOR_3 ? "ok" : "SLOW") : "";
  console.log(String(r.skill).padEnd(32), String(r.commands).padStart(4), String(r.ms).padStart(9), String(per).padStart(7), `${String(est).padStart(8)} ${verdict.padEnd(4)}`, r.status);
}
console.log(`goal: <= ${GOAL_MS_FOR_3} ms for a skill with 3 commands (estimated from ms/cmd)`);
