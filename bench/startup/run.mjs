// Cold start per command: each run is a new `node dist/bin/skillsign.js …` process (median of
// BENCH_RUNS, default 10), printed beside `node -e 0` on the same machine at the same time.
// Goals (issue 14): --version and --help ≤ 150 ms; scan starts its first stage within 300 ms
// (`scan --only manifest` of a one-file skill runs that stage and the report: an upper bound).
// Run after `npm run build`: node bench/startup/run.mjs
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const BIN = new URL("../../dist/bin/skillsign.js", import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), "skillsign-bench-startup-"));
const skill = join(root, "tiny-skill");
mkdirSync(skill);
writeFileSync(join(skill, "SKILL.md"), "---\nname: tiny-skill\ndescription: A one-file skill for the startup benchmark.\n---\n\n# tiny-skill\n\nSay hello.\n");
const env = { ...process.env, SKILLSIGN_HOME: join(root, "home"), NO_COLOR: "1", CI: "1" };

const COMMANDS = [
  ["--version"],
  ["--help"],
  ["scan", "--help"],
  ["submit", "--help"],
  ["review", "--help"],
  ["status", "--help"],
  ["keys", "--help"],
  ["doctor", "--help"],
  ["verify", "--help"],
  ["completion", "bash"],
  ["scan", skill, "--only", "manifest"],
];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function time(argv) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, argv, { env, stdio: ["ignore", "ignore", "pipe"] });
    samples.push(performance.now() - t0);
    if (r.status !== 0 && r.status !== 10) throw new Error(`${argv.join(" ")} exited ${r.status}: ${r.stderr}`);
  }
  return median(samples);
}

try {
  // Interleave the baseline with the commands so both see the same machine load.
  const baseline = [];
  const rows = [];
  for (const args of COMMANDS) {
    baseline.push(time(["-e", "0"]));
    rows.push([args.map((a) => (a === skill ? "SKILL" : a)).join(" "), time([BIN, ...args])]);
  }
  const base = median(baseline);
  const load = (await import("node:os")).loadavg()[0].toFixed(2);
  console.log(`node ${process.version}, ${RUNS} runs each, median wall time; load average ${load}`);
  console.log(`${"command".padEnd(36)} ${"ms".padStart(7)} ${"- node -e 0".padStart(12)}`);
  console.log(`${"node -e 0".padEnd(36)} ${base.toFixed(0).padStart(7)} ${"".padStart(12)}`);
  for (const [name, ms] of rows) console.log(`${`skillsign ${name}`.padEnd(36)} ${ms.toFixed(0).padStart(7)} ${`+${(ms - base).toFixed(0)}`.padStart(12)}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
