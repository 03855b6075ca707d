#!/usr/bin/env node
// Static-scan benchmark: generates N varied skills from the fixture skills (benign and malicious
// mixes), runs `skillsign scan --format json` once over the folder, and prints skills/second and
// the share of wall time spent in each stage (Semgrep in particular).
//
//   npm run build && npm run bench:static            # 500 generated skills
//   node bench/static/run.mjs --skills 200 --keep    # keep the generated folder
//   node bench/static/run.mjs --dir bench/corpus/benign --compare   # real skills, and the peer on the same folders
//
// --dir DIR (repeatable) scans folders of real skills instead of generated ones. --compare also runs
// `skill-scanner scan-all` (static mode, bench/lib/skill-scanner.mjs) on the same folders in the
// same run and prints the speed ratio. --json FILE writes the figures.
// Goal (issue 10): >= 15 skills/s on real skills on 2 cores, >= 5x skill-scanner. Exits 1 below
// --min-rate (default 0 = report only).
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from "node:fs";
import { tmpdir, cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { frozenCli } from "../concurrency/frozen-build.mjs";
import { INSTALL_HINT, findSkillScanner, runSkillScanner } from "../lib/skill-scanner.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURES = join(ROOT, "test/fixtures/skills");
const CLI = join(ROOT, "dist/bin/skillsign.js");

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const COUNT = Number(opt("skills", "500"));
const MIN_RATE = Number(opt("min-rate", "0"));
const KEEP = args.includes("--keep");
const COMPARE = args.includes("--compare");
const JSON_OUT = opt("json", undefined);
const DIRS = args.flatMap((a, i) => (args[i - 1] === "--dir" ? [resolve(a)] : []));
const OWN = ["--skills", "--min-rate", "--keep", "--compare", "--dir", "--json"];
const WITH_VALUE = ["--skills", "--min-rate", "--dir", "--json"];
const EXTRA = args.filter((a, i) => a.startsWith("--") && !OWN.includes(a) && !WITH_VALUE.includes(args[i - 1]));

if (!existsSync(CLI)) {
  console.error("bench: dist/bin/skillsign.js is missing; run `npm run build` first");
  process.exit(2);
}

/** Fixture skills usable as templates: a SKILL.md with a name: line, not a hostile-input case. */
function templates() {
  return readdirSync(FIXTURES)
    .filter((n) => !n.startsWith("hostile-") && existsSync(join(FIXTURES, n, "SKILL.md")))
    .map((n) => ({ name: n, dir: join(FIXTURES, n), malicious: /malicious|exfil|curl|reverse|dropper|persist|obfusc|inject/.test(n) }));
}

// Deterministic pseudo-random numbers so two runs scan the same corpus.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const PROSE = [
  "Use this skill when the user asks to tidy up files in the current project.",
  "The script reads its input from the working directory and writes results next to it.",
  "Never send data anywhere; everything happens locally.",
  "If the input is large, process it in chunks of a thousand lines.",
  "Report a short summary to the user when done, with the number of files changed.",
];

function generate(out) {
  const tpls = templates();
  if (tpls.length === 0) throw new Error(`no fixture templates in ${FIXTURES}`);
  const benign = tpls.filter((t) => !t.malicious);
  const malicious = tpls.filter((t) => t.malicious);
  for (let i = 0; i < COUNT; i++) {
    // About one skill in four is built from a malicious template.
    const t = malicious.length > 0 && rand() < 0.25 ? pick(malicious) : pick(benign.length > 0 ? benign : tpls);
    const name = `bench-${String(i).padStart(4, "0")}-${t.name}`.slice(0, 64).replace(/-+$/, "");
    const dir = join(out, name);
    cpSync(t.dir, dir, { recursive: true });
    const md = join(dir, "SKILL.md");
    const extra = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => pick(PROSE)).join("\n\n");
    const text = readFileSync(md, "utf8").replace(/^name:.*$/m, `name: ${name}`);
    writeFileSync(md, `${text}\n\n## Notes ${i}\n\n${extra}\n`);
    if (rand() < 0.3) {
      mkdirSync(join(dir, "references"), { recursive: true });
      writeFileSync(join(dir, "references", `notes-${i}.md`), `# Notes\n\n${extra}\n`.repeat(1 + Math.floor(rand() * 20)));
    }
  }
}

function fileCount(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? fileCount(join(dir, e.name)) : 1;
  return n;
}

const peer = COMPARE ? findSkillScanner() : undefined;
if (COMPARE && !peer) {
  console.error(`bench: --compare needs skill-scanner; install it with: ${INSTALL_HINT}`);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), "skillsign-bench-"));
let scanDirs = DIRS;
if (scanDirs.length === 0) {
  const skillsDir = join(work, "skills");
  mkdirSync(skillsDir);
  generate(skillsDir);
  scanDirs = [skillsDir];
}
const home = join(work, "home");
const reportFile = join(work, "report.json");

const cli = frozenCli(); // a private copy of dist/: immune to a concurrent rebuild
const started = process.hrtime.bigint();
const r = spawnSync(process.execPath, [cli, "scan", ...scanDirs, "--format", "json", "--output", reportFile, ...EXTRA], {
  env: { ...process.env, SKILLSIGN_HOME: home, CI: "1" },
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
});
const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
if (![0, 10, 20].includes(r.status ?? -1)) {
  console.error(`bench: scan exited ${r.status}\n${r.stderr}`);
  process.exit(1);
}

const report = JSON.parse(readFileSync(reportFile, "utf8"));
const perStage = new Map();
const statuses = new Map();
for (const s of report.skills) {
  for (const st of s.stages) {
    perStage.set(st.stageId, (perStage.get(st.stageId) ?? 0) + (st.durationMs ?? 0));
    const key = `${st.stageId}:${st.status}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  }
}
const rate = report.skills.length / (wallMs / 1000);
const pct = (ms) => `${((100 * ms) / wallMs).toFixed(1)}%`;
const files = scanDirs.reduce((n, d) => n + fileCount(d), 0);
console.log(`skills: ${report.skills.length} (${files} files, ${report.inputErrors.length} input errors) on ${cpus().length} cores${DIRS.length ? ` from ${DIRS.join(" ")}` : " (generated)"}`);
console.log(`wall time: ${(wallMs / 1000).toFixed(2)} s  ->  ${rate.toFixed(1)} skills/s (goal >= 15 on real skills)`);
console.log(`verdicts: ${JSON.stringify(report.summary)}`);
// Batch stages (semgrep) report batch time / n per skill, so their sum is their wall time (semgrep
// overlaps manifest and patterns, so the shares can add up to more than 100%); other
// stages run 4 skills at a time, so their sum can exceed their wall time.
console.log("stage time summed over skills:");
for (const [stage, ms] of perStage) console.log(`  ${stage.padEnd(13)} ${String(Math.round(ms)).padStart(7)} ms  ${pct(ms).padStart(6)} of wall time`);
console.log(`semgrep share of wall time: ${pct(perStage.get("semgrep") ?? 0)}`);
console.log(`stage statuses: ${[...statuses].map(([k, v]) => `${k}=${v}`).join(" ")}`);

// The peer runs after skillsign, on the same folders, in the same process: same machine, same load.
let comparison;
if (peer) {
  const p = runSkillScanner(peer, scanDirs);
  const peerRate = p.skills.length / (p.wallMs / 1000);
  comparison = { tool: "skill-scanner", version: p.version, command: p.command, skills: p.skills.length, wallMs: Math.round(p.wallMs), skillsPerSecond: peerRate, speedup: rate / peerRate };
  console.log(`skill-scanner ${p.version} scan-all (static): ${p.skills.length} skills in ${(p.wallMs / 1000).toFixed(2)} s  ->  ${peerRate.toFixed(2)} skills/s`);
  console.log(`skillsign is ${comparison.speedup.toFixed(1)}x faster (goal >= 5x)${p.skills.length !== report.skills.length ? ` [skill counts differ: ${report.skills.length} vs ${p.skills.length}]` : ""}`);
}
if (JSON_OUT) {
  const figures = {
    dirs: DIRS.length ? DIRS : "generated",
    cores: cpus().length,
    skills: report.skills.length,
    inputErrors: report.inputErrors.length,
    wallMs: Math.round(wallMs),
    skillsPerSecond: rate,
    stageMs: Object.fromEntries([...perStage].map(([k, v]) => [k, Math.round(v)])),
    verdicts: report.summary,
    ...(comparison ? { comparison } : {}),
  };
  writeFileSync(JSON_OUT, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`figures written to ${JSON_OUT}`);
}

if (KEEP) console.log(`kept: ${work}`);
else rmSync(work, { recursive: true, force: true });
if (MIN_RATE > 0 && rate < MIN_RATE) {
  console.error(`bench: ${rate.toFixed(1)} skills/s is below --min-rate ${MIN_RATE}`);
  process.exit(1);
}
