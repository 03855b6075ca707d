#!/usr/bin/env node
// Picks the benign calibration skills from the repository mirrors that the session's `fetch` tool
// left under /work/.mirror/<owner>+<name>/repo and writes bench/corpus/sources.tsv (name, repo,
// commit, path, license). Deterministic: the same mirrors give the same list. fetch.mjs then
// materialises the skills from that list; this script is only needed to change the selection.
//
//   node bench/corpus/select.mjs [--mirror /work/.mirror] [--out bench/corpus/sources.tsv]
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { HELD_OUT_REPOS, HELD_OUT_NAMES, EXCLUDED_UPSTREAMS } from "./held-out.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (n, d) => (args.includes(`--${n}`) ? args[args.indexOf(`--${n}`) + 1] : d);
const MIRROR = resolve(opt("mirror", "/work/.mirror"));
const OUT = resolve(opt("out", join(HERE, "sources.tsv")));

// repo -> how many skills to take; `group` splits an aggregating repo by its upstream folder
// (skills/<owner>--<repo>/...) and takes `perGroup` from each, for diversity.
const PLAN = [
  { repo: "thereisnotime/skills-collection", group: 1, perGroup: 2 },
  { repo: "oomol-lab/skills", take: 10 },
  { repo: "ComposioHQ/awesome-claude-skills", take: 8 },
  { repo: "K-Dense-AI/claude-scientific-skills", take: 8 },
  { repo: "terrylica/cc-skills", take: 10 },
  { repo: "Gamaroff/agent-skills", take: 6 },
  { repo: "jscraik/Agent-Skills", take: 8 },
  { repo: "Qwayk/safe-agent-skills", take: 8 },
  { repo: "UiPath/skills", take: 6 },
  { repo: "editframe/skills", take: 4 },
  { repo: "modelstudioai/skills", take: 4 },
  { repo: "yigitkonur/skills-by-yigitkonur", take: 8 },
  { repo: "tangledgroup/tangled-skills", take: 8 },
  { repo: "000alen/slack-personal", take: 1 },
  { repo: "007hawkeye/nba-scores-skill", take: 1 },
  { repo: "0gfoundation/0g-compute-skills", take: 1 },
];
const MAX_BYTES = 3_000_000;
const MAX_FILES = 300;
const CODE = /\.(py|sh|bash|js|mjs|cjs|ts|rb|go|ps1)$|(^|\/)(package\.json|requirements\.txt|pyproject\.toml)$/;
// Translations, templates and test fixtures are not skills a marketplace would receive.
const NOT_A_SKILL = /(^|\/)(docs|i18n|locales?|templates?|examples?|tests?|fixtures?|evals?)\//i;

const git = (gitDir, ...a) => execFileSync("git", ["--git-dir", gitDir, ...a], { encoding: "utf8", maxBuffer: 1 << 28 });
const h = (s) => createHash("sha1").update(s).digest("hex");
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60);

function licenseOf(gitDir, commit, prefix, files) {
  const lic = files.find((f) => new RegExp(`^${prefix}(LICEN[CS]E|COPYING)[^/]*$`, "i").test(f));
  if (!lic) return "";
  const text = git(gitDir, "show", `${commit}:${lic}`).slice(0, 600);
  for (const [re, id] of [[/MIT License|Permission is hereby granted/i, "MIT"], [/Apache License/i, "Apache-2.0"],
    [/BSD/i, "BSD"], [/GNU (Affero|Lesser)?\s*General Public/i, "GPL-family"], [/Creative Commons|CC BY/i, "CC"], [/Mozilla Public/i, "MPL-2.0"]]) {
    if (re.test(text)) return id;
  }
  return "see " + lic;
}

const rows = [];
const seenNames = new Set();
for (const p of PLAN) {
  if (HELD_OUT_REPOS.includes(p.repo)) throw new Error(`held-out repository in plan: ${p.repo}`);
  const gitDir = join(MIRROR, p.repo.replace("/", "+"), "repo");
  if (!existsSync(gitDir)) { console.error(`select: no mirror for ${p.repo} at ${gitDir}; skipped`); continue; }
  const commit = git(gitDir, "rev-parse", "HEAD").trim();
  const listing = git(gitDir, "ls-tree", "-r", "-l", "HEAD").split("\n").filter(Boolean).map((l) => {
    const [meta, path] = l.split("\t");
    return { path, size: Number(meta.trim().split(/\s+/)[3]) || 0 };
  });
  const files = listing.map((f) => f.path);
  let dirs = files.filter((f) => /(^|\/)SKILL\.md$/.test(f)).map((f) => (f.includes("/") ? dirname(f) : ""));
  dirs = dirs.filter((d) => !NOT_A_SKILL.test(d + "/"));
  dirs = dirs.filter((d) => !dirs.some((o) => o !== d && (o === "" || d.startsWith(o + "/")))); // nested reference skills
  const info = (d) => {
    const inside = listing.filter((f) => d === "" || f.path.startsWith(d + "/"));
    return { d, bytes: inside.reduce((a, f) => a + f.size, 0), n: inside.length, code: inside.some((f) => CODE.test(f.path)) };
  };
  const groups = new Map();
  for (const d of dirs) {
    const g = p.group ? d.split("/")[p.group] : "";
    if (p.group && EXCLUDED_UPSTREAMS.some((u) => g.toLowerCase() === u.toLowerCase())) continue;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(d);
  }
  for (const [g, ds] of [...groups.entries()].sort()) {
    const want = p.group ? p.perGroup : p.take;
    const cands = ds.map(info).filter((x) => x.bytes <= MAX_BYTES && x.n <= MAX_FILES)
      .filter((x) => !HELD_OUT_NAMES.includes(x.d.split("/").pop()))
      .sort((a, b) => (a.code === b.code ? (h(a.d) < h(b.d) ? -1 : 1) : a.code ? -1 : 1));
    // Half with code (scripts, manifests) first, the rest by hash order, for a mix of both kinds.
    const withCode = cands.filter((x) => x.code).slice(0, Math.ceil(want / 2));
    const rest = cands.filter((x) => !withCode.includes(x)).sort((a, b) => (h(a.d) < h(b.d) ? -1 : 1));
    let taken = 0;
    for (const x of [...withCode, ...rest]) {
      if (taken >= want) break;
      const base = x.d === "" ? p.repo.split("/")[1] : x.d.split("/").pop();
      if (seenNames.has(slug(base))) continue; // the same skill mirrored by two collections
      seenNames.add(slug(base));
      const source = p.group ? g.replace("--", "-") : p.repo.replace("/", "-");
      const prefix = p.group ? `${x.d.split("/").slice(0, p.group + 1).join("/")}/` : "";
      const lic = licenseOf(gitDir, commit, prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), files) || licenseOf(gitDir, commit, "", files);
      rows.push([`${slug(source)}__${slug(base)}`, p.repo, commit, x.d === "" ? "." : x.d, lic || "unknown"]);
      taken++;
    }
  }
}
writeFileSync(OUT, ["# name\trepo\tcommit\tpath\tlicense", ...rows.map((r) => r.join("\t"))].join("\n") + "\n");
console.log(`select: ${rows.length} skills from ${new Set(rows.map((r) => r[0].split("__")[0])).size} sources -> ${OUT}`);
