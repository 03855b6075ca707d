// Which skills a corpus folder holds and what each one is labelled: a folder with an index.tsv
// (dir, name, kind, ...) is malicious and its kind column names the technique (prose-injected is
// counted on its own as well); a folder whose name says "malicious" is malicious; anything else benign.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";

export function listSkills(dir) {
  dir = resolve(dir);
  const kinds = new Map();
  const index = join(dir, "index.tsv");
  if (existsSync(index)) {
    const [head, ...rows] = readFileSync(index, "utf8").trim().split("\n").map((l) => l.split("\t"));
    const d = head.indexOf("dir"), k = head.indexOf("kind");
    for (const r of rows) kinds.set(r[d], r[k]);
  }
  const malicious = kinds.size > 0 || /malicious/i.test(basename(dir));
  return readdirSync(dir).sort()
    .filter((n) => !n.startsWith(".") && statSync(join(dir, n)).isDirectory() && existsSync(join(dir, n, "SKILL.md")))
    .map((n) => {
      const kind = kinds.get(n) ?? (malicious ? "malicious" : "benign");
      return { name: n, path: join(dir, n), folder: basename(dir), label: !malicious ? "benign" : kind === "prose-injected" ? "prose-injected" : "malicious", kind };
    });
}

/**
 * The subset for slow (sandbox) runs: the first N by name, or with `sample` N spread by a hash of the
 * name so every source and kind has a chance, the same N on every run.
 */
export function subset(skills, limit, sample) {
  if (!limit || limit >= skills.length) return skills;
  if (!sample) return skills.slice(0, limit);
  const h = (s) => createHash("sha1").update(s).digest("hex");
  return [...skills].sort((a, b) => (h(a.name) < h(b.name) ? -1 : 1)).slice(0, limit).sort((a, b) => (a.name < b.name ? -1 : 1));
}
