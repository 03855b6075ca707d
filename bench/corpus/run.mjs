#!/usr/bin/env node
// Calibration run (issue 10): scans folders of labelled skills with the built CLI, as a marketplace
// would, and prints the verdict distribution per label, the issue-10 rates against their targets,
// the top review/reject causes, stage errors, misclassified skills, and static skills/s.
//
//   npx tsc -p tsconfig.json && node bench/corpus/fetch.mjs          # once: build, materialise benign/
//   node bench/corpus/run.mjs bench/corpus/benign bench/corpus/malicious            # static
//   node bench/corpus/run.mjs --compare bench/corpus/benign bench/corpus/malicious  # + skill-scanner
//   node bench/corpus/run.mjs --sandbox --limit 20 --sample bench/corpus/benign bench/corpus/malicious
//
// --sandbox also runs `scan --sandbox` (build, image-scan, behavior) on --limit N skills per folder
// (--sample: N spread by name hash, else the first N). --no-static skips the static pass. --json FILE
// (default bench/out/corpus/<time>.json, also copied to bench/out/corpus/latest-<mode>.json).
// Labels: see labels.mjs. Markdown for docs/detection.md: node bench/corpus/table.mjs FILE...
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { listSkills, subset } from "./labels.mjs";
import { fmtPct, peerSummary, summarise, targetLine } from "./summary.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = join(ROOT, "dist/bin/skillsign.js");
const args = process.argv.slice(2);
const VALUED = ["--limit", "--json"];
const opt = (n, d) => (args.includes(`--${n}`) ? args[args.indexOf(`--${n}`) + 1] : d);
const DIRS = args.filter((a, i) => !a.startsWith("--") && !VALUED.includes(args[i - 1])).map((d) => resolve(d));
const SANDBOX = args.includes("--sandbox"), COMPARE = args.includes("--compare"), STATIC = !args.includes("--no-static");
const LIMIT = Number(opt("limit", "0")), SAMPLE = args.includes("--sample");
if (!DIRS.length) { console.error("usage: run.mjs [--compare] [--sandbox [--limit N] [--sample]] [--no-static] [--json FILE] DIR..."); process.exit(2); }
if (!existsSync(CLI)) { console.error("run: dist/bin/skillsign.js is missing; run `npx tsc -p tsconfig.json` first"); process.exit(2); }
for (const d of DIRS) if (!existsSync(d)) { console.error(`run: ${d} does not exist${/benign/.test(d) ? " (node bench/corpus/fetch.mjs creates it)" : ""}`); process.exit(2); }

const OUTDIR = join(ROOT, "bench/out/corpus");
mkdirSync(OUTDIR, { recursive: true });
const work = mkdtempSync(join(OUTDIR, "work-"));
const git = (...a) => spawnSync("git", ["-C", ROOT, ...a], { encoding: "utf8" }).stdout.trim();

/** One CLI process per folder (the CLI runs the skills of a folder concurrently itself). */
function scanFolder(dir, skills, extra) {
  const out = join(work, `report-${Math.random().toString(36).slice(2)}.json`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, "scan", dir, "--json", "-o", out, ...extra], { encoding: "utf8", maxBuffer: 1 << 28, cwd: ROOT });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (!existsSync(out)) throw new Error(`scan ${dir} ${extra.join(" ")} wrote no report (exit ${r.status}): ${(r.stderr || "").trim().split("\n").slice(-3).join(" | ")}`);
  const report = JSON.parse(readFileSync(out, "utf8"));
  const byPath = new Map(skills.map((s) => [resolve(s.path), s]));
  const rows = report.skills.map((x) => {
    const p = resolve(ROOT, x.path);
    const skill = byPath.get(p) ?? skills.find((s) => s.name === p.split("/").pop());
    return { skill, verdict: x.verdict, reasons: x.reasons ?? [], stages: (x.stages ?? []).map(({ stageId, status, durationMs, reason }) => ({ stageId, status, durationMs, reason })) };
  }).filter((x) => x.skill);
  return { wallMs, exit: r.status, rows, inputErrors: report.inputErrors ?? [] };
}

/** A folder holding only the chosen skills (copies: the CLI takes folders, not lists). */
function materialise(folder, chosen) {
  const dir = join(work, folder);
  for (const s of chosen) cpSync(s.path, join(dir, s.name), { recursive: true });
  return dir;
}

function runMode(mode) {
  const extra = mode === "sandbox" ? ["--sandbox"] : [];
  const limit = mode === "sandbox" || !SANDBOX ? LIMIT : 0;
  const all = [], perFolder = [];
  let wallMs = 0, n = 0;
  for (const d of DIRS) {
    const skills = listSkills(d);
    const chosen = subset(skills, limit, SAMPLE);
    const dir = chosen.length === skills.length ? d : materialise(`${mode}-${skills[0]?.folder ?? "x"}`, chosen);
    const r = scanFolder(dir, chosen.map((s) => ({ ...s, path: join(dir, s.name) })), extra);
    wallMs += r.wallMs; n += r.rows.length;
    all.push(...r.rows);
    perFolder.push({ folder: d, skills: chosen.length, reported: r.rows.length, wallMs: Math.round(r.wallMs), exit: r.exit, inputErrors: r.inputErrors.length });
    console.error(`${mode}: ${d}: ${r.rows.length} skills in ${(r.wallMs / 1000).toFixed(1)} s`);
  }
  return { mode, skills: n, wallMs: Math.round(wallMs), skillsPerSecond: n / (wallMs / 1000), perFolder, ...summarise(all),
    verdicts: all.map((r) => ({ skill: r.skill.name, folder: r.skill.folder, label: r.skill.label, kind: r.skill.kind, verdict: r.verdict,
      causes: [...new Set(r.reasons.filter((x) => x.action !== "approve").map((x) => `${x.action ?? x.kind} ${x.ruleId ?? x.kind}`))] })) };
}

function print(res) {
  console.log(`\n== ${res.mode}: ${res.skills} skills, ${(res.wallMs / 1000).toFixed(1)} s wall, ${res.skillsPerSecond.toFixed(2)} skills/s`);
  for (const [label, v] of Object.entries(res.byLabel)) console.log(`  ${label.padEnd(15)} n=${String(v.n).padStart(3)}  approved ${v.approved}  review ${v.review}  rejected ${v.rejected}${v.other ? `  other ${v.other}` : ""}`);
  for (const t of targetLine(res.rates)) console.log(`  ${t.ok.padEnd(4)} ${t.label.padEnd(28)} ${fmtPct(t.value).padStart(6)}  (target ${t.max !== undefined ? "<= " + fmtPct(t.max) : ">= " + fmtPct(t.min)})`);
  for (const [k, list] of Object.entries(res.causes)) console.log(`  top causes (${k}, skills): ${list.slice(0, 10).map(([c, n]) => `${c} ${n}`).join("; ")}`);
  if (Object.keys(res.stageErrors).length) console.log(`  stage errors: ${JSON.stringify(res.stageErrors)}`);
  const mis = res.misclassified;
  console.log(`  misclassified: ${mis.length}`);
  for (const m of mis.slice(0, 40)) console.log(`    ${m.label}/${m.skill} -> ${m.verdict}: ${m.because.join(" | ").slice(0, 260)}`);
}

const result = { commit: git("rev-parse", "HEAD"), dirty: git("status", "--porcelain", "--", "src", "policy.yaml", "semgrep").length > 0,
  command: `node bench/corpus/run.mjs ${args.join(" ")}`, at: new Date().toISOString(), cpus: cpus().length, loadavg: loadavg().map((x) => +x.toFixed(2)), modes: [] };
try {
  if (STATIC) { result.modes.push(runMode("static")); print(result.modes.at(-1)); }
  if (COMPARE) {
    const { findSkillScanner, runSkillScanner, INSTALL_HINT } = await import("../lib/skill-scanner.mjs");
    const bin = findSkillScanner();
    if (!bin) { console.error(`run: skill-scanner not installed: ${INSTALL_HINT}`); process.exit(2); }
    const peer = runSkillScanner(bin, DIRS);
    const skills = DIRS.flatMap(listSkills);
    const st = result.modes.find((m) => m.mode === "static");
    result.peer = { version: peer.version, command: peer.command, skills: peer.skills.length, wallMs: Math.round(peer.wallMs),
      skillsPerSecond: peer.skills.length / (peer.wallMs / 1000), byLabel: peerSummary(peer.skills, skills),
      speedRatio: st ? peer.wallMs / st.wallMs : undefined };
    console.log(`\n== skill-scanner ${peer.version} (static): ${peer.skills.length} skills, ${(peer.wallMs / 1000).toFixed(1)} s, ${result.peer.skillsPerSecond.toFixed(2)} skills/s; skillsign is ${result.peer.speedRatio?.toFixed(2)}x faster`);
    for (const [label, v] of Object.entries(result.peer.byLabel)) console.log(`  ${label.padEnd(15)} n=${String(v.n).padStart(3)}  flagged (is_safe=false) ${v.flagged}  high/critical ${v.highOrCritical}`);
  }
  if (SANDBOX) { result.modes.push(runMode("sandbox")); print(result.modes.at(-1)); }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const file = opt("json", join(OUTDIR, `${result.at.replace(/[:.]/g, "-")}.json`));
writeFileSync(file, JSON.stringify(result, null, 1));
writeFileSync(join(OUTDIR, `latest-${result.modes.map((m) => m.mode).join("+")}${COMPARE ? "+compare" : ""}.json`), JSON.stringify(result, null, 1));
console.log(`\nrun: wrote ${file}`);
