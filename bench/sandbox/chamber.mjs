#!/usr/bin/env node
// What the detonation chamber (network sinkhole init) adds to a behaviour run, on the real engine.
// Usage: npx tsc -p tsconfig.json && node bench/sandbox/chamber.mjs [rounds] [skill-dir ...]
// Runs the behaviour stage on each skill alternately without (SKILLSIGN_BEHAVIOR_CHAMBER=0) and
// with the chamber, and prints the median time per command of each, their difference and ratio.
// Goal: the chamber adds <= 1 s per command. Then checks nothing was left behind.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { behaviorContext, behaviorStage, fixtures } from "./stage.mjs";

const GOAL_MS = 1000;
const rounds = Number(process.argv[2]) || 3;
const dirs = process.argv.slice(3).length ? process.argv.slice(3).map((p) => resolve(p)) : ["behavior-net-offline", "behavior-net-dropper", "behavior-benign-script"].map((n) => join(fixtures, n));
const home = mkdtempSync(join(tmpdir(), "skillsign-bench-"));
const perCommand = { off: [], on: [] };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function once(dir, chamber) {
  const ctx = await behaviorContext(dir, home, { ...process.env, SKILLSIGN_BEHAVIOR_CHAMBER: chamber ? "1" : "0" });
  const out = await behaviorStage.run(ctx);
  if (out.status === "error") throw new Error(`${dir}: ${out.reason}`);
  return { runId: out.data.runId, ms: out.data.commands.map((c) => c.durationMs) };
}

const runIds = [];
try {
  for (let r = 0; r < rounds; r++) {
    for (const dir of dirs) {
      for (const chamber of r % 2 ? [true, false] : [false, true]) {
        const { runId, ms } = await once(dir, chamber);
        runIds.push(runId);
        perCommand[chamber ? "on" : "off"].push(...ms);
      }
    }
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
const off = median(perCommand.off);
const on = median(perCommand.on);
console.log(`commands measured: ${perCommand.off.length} without, ${perCommand.on.length} with the chamber (${rounds} rounds over ${dirs.length} skills)`);
console.log(`median per command: without ${off} ms, with ${on} ms, added ${on - off} ms, ratio ${(on / off).toFixed(2)} (goal: added <= ${GOAL_MS} ms)`);
const left = runIds.flatMap((id) => spawnSync("docker", ["ps", "-aq", "--filter", `label=org.skillsign.run=${id}`], { encoding: "utf8" }).stdout.split("\n").filter(Boolean));
const dirsLeft = readdirSync(tmpdir()).filter((n) => n.startsWith(`skillsign-behavior-${process.pid}-`));
console.log(`left behind: ${left.length} containers, ${dirsLeft.length} workspaces`);
process.exit(on - off <= GOAL_MS && left.length === 0 && dirsLeft.length === 0 ? 0 : 1);
