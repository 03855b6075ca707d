import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

export interface RuleSet {
  dir: string;
  /** SHA-256 over every rule file's path and bytes: a rule change invalidates cached results. */
  digest: string;
  /** Rule id → its category folder (rules/semgrep/<lang>/<category>/<id>.yaml). */
  categories: ReadonlyMap<string, string>;
}

export function loadRuleSet(dir: string): RuleSet {
  const files = listYaml(dir).sort();
  const hash = createHash("sha256");
  const categories = new Map<string, string>();
  for (const file of files) {
    const rel = relative(dir, file).split(sep).join("/");
    const bytes = readFileSync(file);
    hash.update(`${rel}\0${bytes.length}\0`).update(bytes);
    const parts = rel.split("/");
    const id = parts[parts.length - 1]!.replace(/\.ya?ml$/, "");
    if (parts.length >= 3) categories.set(id, parts[parts.length - 2]!);
  }
  return { dir, digest: hash.digest("hex"), categories };
}

/** Every rule file under the rules folder (the .yaml beside each annotated test file). */
export function listYaml(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listYaml(full));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out;
}
