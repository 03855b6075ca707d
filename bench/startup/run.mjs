// Cold start per command: each run is a new `node dist/bin/skillsign.js …` process (median of
// BENCH_RUNS, default 10), printed beside `node -e 0` on the same machine at the same time.
// Goals (issue 14): --version and --help ≤ 150 ms; scan starts its first stage within 300 ms.
// The scan rows also print the time to the first stage start, measured inside the process
// (SKILLSIGN_TIMING=1: performance.now() from the process's time origin when the first stage's
// code is loaded and its work begins, src/pipeline/timing.ts), beside the whole run.
// Run after `npm run build`: node bench/startup/run.mjs
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { frozenCli } from "../concurrency/frozen-build.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
// A private copy of dist/ (other work rebuilding dist/ mid-run cannot break a measurement).
const BIN = frozenCli();
const root = mkdtempSync(join(tmpdir(), "skillsign-bench-startup-"));
const skill = join(root, "tiny-skill");
mkdirSync(skill);
writeFileSync(join(skill, "SKILL.md"), "---\nname: tiny-skill\ndescription: A one-file skill for the startup benchmark.\n---\n\n# tiny-skill\n\nSay hello.\n");
const env = { ...process.env, SKILLSIGN_HOME: join(root, "home"), NO_COLOR: "1", CI: "1", SKILLSIGN_TIMING: "1" };

const COMMANDS = [
  ["--version"],
  ["--help"],
  ["scan", "--help"],
  ["submit", "--help"],
  ["review", "--help"],
  ["status", "--help"],
  ["serve", "--help"],
  ["worker", "--help"],
  ["keys", "--help"],
  ["doctor", "--help"],
  ["verify", "--help"],
  ["completion", "bash"],
  ["scan", skill, "--only", "manifest"],
  ["scan", skill],
];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Wall time, and the child's CPU time (user + sys, from bash's `times`): the CPU figure barely
 * moves with the machine's load, the wall figure is what a user waits. */
function time(argv) {
  const wall = [];
  const cpu = [];
  const firstStage = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync("bash", ["-c", '"$@" >/dev/null 2>"$ERR_FILE"; echo "status $?"; times', "bash", process.execPath, ...argv], { env: { ...env, ERR_FILE: join(root, "err") }, encoding: "utf8" });
    wall.push(performance.now() - t0);
    const status = Number(/status (\d+)/.exec(r.stdout)?.[1]);
    const err = readFileSync(join(root, "err"), "utf8");
    if (status !== 0 && status !== 10) throw new Error(`${argv.join(" ")} exited ${status}: ${err}`);
    const mark = /skillsign-timing: first-stage-start ([\d.]+) ms/.exec(err);
    if (mark) firstStage.push(Number(mark[1]));
    // `times` prints the shell's own line, then the children's: "0m0.110s 0m0.020s".
    const child = r.stdout.trim().split("\n").at(-1).match(/(\d+)m([\d.]+)s (\d+)m([\d.]+)s/);
    cpu.push((Number(child[1]) * 60 + Number(child[2]) + Number(child[3]) * 60 + Number(child[4])) * 1000);
  }
  return { wall: median(wall), cpu: median(cpu), firstStage: firstStage.length ? median(firstStage) : undefined };
}

try {
  // Interleave the baseline with the commands so both see the same machine load.
  const baseline = [];
  const rows = [];
  for (const args of COMMANDS) {
    baseline.push(time(["-e", "0"]));
    rows.push([args.map((a) => (a === skill ? "SKILL" : a)).join(" "), time([BIN, ...args])]);
  }
  const base = { wall: median(baseline.map((b) => b.wall)), cpu: median(baseline.map((b) => b.cpu)) };
  const load = (await import("node:os")).loadavg()[0].toFixed(2);
  const cell = (ms, ref) => `${ms.toFixed(0).padStart(6)} (+${(ms - ref).toFixed(0)})`.padEnd(14);
  console.log(`node ${process.version}, ${RUNS} runs each, medians; load average ${load}`);
  console.log(`${"command".padEnd(38)} ${"wall ms (- node -e 0)".padEnd(22)} cpu ms (- node -e 0)`);
  console.log(`${"node -e 0".padEnd(38)} ${base.wall.toFixed(0).padStart(6).padEnd(22)} ${base.cpu.toFixed(0).padStart(6)}`);
  for (const [name, t] of rows) console.log(`${`skillsign ${name}`.padEnd(38)} ${cell(t.wall, base.wall).padEnd(22)} ${cell(t.cpu, base.cpu)}`);
  console.log("\ntime to the first stage start (inside the process, from its time origin; goal ≤ 300 ms):");
  for (const [name, t] of rows) if (t.firstStage !== undefined) console.log(`${`skillsign ${name}`.padEnd(38)} ${t.firstStage.toFixed(0).padStart(6)} ms   (whole run ${t.wall.toFixed(0)} ms)`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
