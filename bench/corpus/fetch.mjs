#!/usr/bin/env node
// Re-creates bench/corpus/benign/<name>/ from bench/corpus/sources.tsv (name, repo, commit, path,
// license) out of the git mirrors that the session's `fetch` tool writes to
// /work/.mirror/<owner>+<name>/repo. The skills themselves are never committed (.gitignore).
// Those mirrors exist only on the machine where they were fetched: a missing mirror or commit is
// reported by name and the script exits 1 once every other skill is in place.
//
//   node bench/corpus/fetch.mjs [--mirror /work/.mirror] [--into bench/corpus/benign] [--clean]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (n, d) => (args.includes(`--${n}`) ? args[args.indexOf(`--${n}`) + 1] : d);
const MIRROR = resolve(opt("mirror", "/work/.mirror"));
const INTO = resolve(opt("into", join(HERE, "benign")));
const rows = readFileSync(join(HERE, "sources.tsv"), "utf8").split("\n")
  .filter((l) => l && !l.startsWith("#")).map((l) => l.split("\t"));

if (args.includes("--clean")) rmSync(INTO, { recursive: true, force: true });
mkdirSync(INTO, { recursive: true });
const missing = new Map();
let made = 0, kept = 0;
for (const [name, repo, commit, path] of rows) {
  const dest = join(INTO, name);
  if (existsSync(join(dest, "SKILL.md"))) { kept++; continue; }
  const gitDir = join(MIRROR, repo.replace("/", "+"), "repo");
  if (!existsSync(gitDir)) { missing.set(repo, `no mirror at ${gitDir} (fetch github:${repo} with the session's fetch tool)`); continue; }
  if (spawnSync("git", ["--git-dir", gitDir, "cat-file", "-e", `${commit}^{commit}`]).status !== 0) {
    missing.set(repo, `mirror ${gitDir} lacks commit ${commit}`); continue;
  }
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const absent = extract(gitDir, commit, path, dest);
  writeFileSync(join(dest, ".source"), `${repo}@${commit}:${path}\n${absent.map((f) => `absent-in-mirror: ${f}\n`).join("")}`);
  made++;
}
/** Writes the blobs under PATH at COMMIT into DEST. Mirrors may lack their largest blobs: those are
 * skipped and returned. Symlinks are not followed nor created (a skill's links stay outside). */
function extract(gitDir, commit, path, dest) {
  const entries = execFileSync("git", ["--git-dir", gitDir, "ls-tree", "-r", "-z", commit, "--", ...(path === "." ? [] : [path])], { maxBuffer: 1 << 28 })
    .toString("utf8").split("\0").filter(Boolean).map((e) => {
      const [meta, file] = e.split("\t");
      const [mode, type, sha] = meta.split(" ");
      return { mode, type, sha, file: path === "." ? file : file.slice(path.length + 1) };
    }).filter((e) => e.type === "blob" && e.mode !== "120000");
  const out = spawnSync("git", ["--git-dir", gitDir, "cat-file", "--batch"], { input: entries.map((e) => e.sha).join("\n") + "\n", maxBuffer: 1 << 30 }).stdout;
  const absent = [];
  let at = 0;
  for (const e of entries) {
    const nl = out.indexOf(10, at);
    const header = out.subarray(at, nl).toString();
    if (header.endsWith("missing")) { absent.push(e.file); at = nl + 1; continue; }
    const size = Number(header.split(" ")[2]);
    const body = out.subarray(nl + 1, nl + 1 + size);
    at = nl + 1 + size + 1;
    mkdirSync(dirname(join(dest, e.file)), { recursive: true });
    writeFileSync(join(dest, e.file), body, { mode: e.mode === "100755" ? 0o755 : 0o644 });
  }
  return absent;
}

console.log(`fetch: ${made} materialised, ${kept} already present, ${rows.length - made - kept} missing -> ${INTO}`);
for (const [repo, why] of missing) console.error(`fetch: MISSING ${repo}: ${why}`);
process.exit(missing.size ? 1 : 0);
