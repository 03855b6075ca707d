import { shortEvidence } from "./finding.js";
import type { CodeSource } from "./code-sources.js";
import type { CodeLang, UseSite } from "./manifest.types.js";
import { HARMLESS_WRITE_TARGETS, USE_RULES } from "./usage-rules.js";

const MAX_LINE = 4_000;
const URL_HOST = /\bhttps?:\/\/(?:[^\s/@'"\x60]*@)?(\[[0-9a-f:]+\]|[A-Za-z0-9.-]+)/i;

/** Finds every line where code uses network, processes, environment/credentials or writes outside. */
export function scanUses(sources: CodeSource[]): UseSite[] {
  const sites: UseSite[] = [];
  for (const src of sources) {
    const rules = USE_RULES.filter((r) => r.langs.includes(src.lang));
    for (const { line, text } of src.lines) {
      if (isComment(text, src.lang)) continue;
      // Very long lines are minified or data; scan only their start so a regex never runs away.
      const code = text.length > MAX_LINE ? text.slice(0, MAX_LINE) : text;
      for (const rule of rules) {
        const m = rule.re.exec(code);
        if (!m) continue;
        let target = rule.target ? rule.target(m) : m[1];
        if (rule.capability === "network") target = URL_HOST.exec(code)?.[1]?.toLowerCase();
        if (rule.capability === "write" && target && HARMLESS_WRITE_TARGETS.test(target)) continue;
        sites.push({ capability: rule.capability, file: src.file, line, what: rule.what, target: target?.trim() || undefined, evidence: shortEvidence(code) });
      }
    }
  }
  return dedupe(sites);
}

function isComment(text: string, lang: CodeLang): boolean {
  const t = text.trimStart();
  if (lang === "js") return t.startsWith("//") || t.startsWith("*") || t.startsWith("/*");
  return t.startsWith("#");
}

/** One site per (file, line, capability, target): several rules often match the same line. */
function dedupe(sites: UseSite[]): UseSite[] {
  const seen = new Set<string>();
  return sites.filter((s) => {
    const key = JSON.stringify([s.file, s.line, s.capability, s.target ?? ""]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
