import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { listYaml } from "./rules-digest.js";
import { InternalError } from "../../errors.js";

/**
 * Semgrep validates each config file through its own semgrep-core call (~0.5 s each): with one
 * rule per file that doubled the time of every scan. The rules are merged into one config file,
 * named by the digest of its content, so it is written once and reused by later runs.
 */
export function mergedRulesFile(rulesDir: string, stateDir: string): string {
  const rules: unknown[] = [];
  for (const file of listYaml(rulesDir).sort()) {
    const doc = parseYaml(readFileSync(file, "utf8"), { maxAliasCount: 0 }) as { rules?: unknown } | null;
    if (!doc || !Array.isArray(doc.rules)) throw new InternalError("PARSE_FAILED", `${file}: not a semgrep rule file (no rules: list)`);
    rules.push(...doc.rules);
  }
  const text = `${JSON.stringify({ rules })}\n`; // JSON is YAML, and semgrep reads it as such
  const digest = createHash("sha256").update(text).digest("hex").slice(0, 16);
  const target = join(stateDir, `rules-${digest}.yaml`);
  if (!existsSync(target)) {
    mkdirSync(stateDir, { recursive: true });
    const tmp = `${target}.${process.pid}.${randomUUID()}.tmp`; // unique: parallel lanes write it at once on a cold cache
    writeFileSync(tmp, text);
    renameSync(tmp, target); // atomic: concurrent runs never see a half-written file
  }
  return target;
}
