import { hostFromUrl } from "../../skill/hosts.js";
import { shortEvidence } from "./finding.js";
import type { CodeSource } from "./code-sources.js";
import type { CodeLang, UseSite } from "./manifest.types.js";
import { HARMLESS_WRITE_TARGETS, USE_RULES } from "./usage-rules.js";

const MAX_LINE = 4_000;

/** Finds every line where code uses network, processes, environment/credentials or writes outside. */
export function scanUses(sources: CodeSource[]): UseSite[] {
  const sites: UseSite[] = [];
  const weak = new Set<number>();
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
        if (rule.capability === "network") target = hostFromUrl(code);
        if (rule.capability === "write" && target && HARMLESS_WRITE_TARGETS.test(target)) continue;
        if (rule.weak) weak.add(sites.length);
        sites.push({ capability: rule.capability, file: src.file, line, what: rule.what, target: target?.trim() || undefined, evidence: shortEvidence(code), ...(src.counterExample ? { counterExample: src.counterExample } : {}) });
      }
    }
  }
  return dedupe(dropWeak(sites, weak));
}

/** An import is reported only when its file shows no call for the same capability. */
function dropWeak(sites: UseSite[], weak: Set<number>): UseSite[] {
  const strong = new Set(sites.filter((_, i) => !weak.has(i)).map((s) => `${s.file}\0${s.capability}`));
  return sites.filter((s, i) => !weak.has(i) || !strong.has(`${s.file}\0${s.capability}`));
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
