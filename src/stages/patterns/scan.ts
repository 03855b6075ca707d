import type { Finding } from "../../findings.types.js";
import { classifyContext } from "./context.js";
import { toFinding } from "./finding.js";
import type { PatternDb } from "./load.js";
import { matchDoc, type RawMatch } from "./match.js";
import { makeDoc, type ScanDoc } from "./text.js";

const INVISIBLE = /[\u200B-\u200F\u2060\uFEFF\u202A-\u202E\u2066-\u2069]|[\u{E0000}-\u{E007F}]/gu;

/**
 * Every finding for one document (the library entry point for scanning a single text).
 * Invisible characters can split a keyword ("cu<U+200B>rl") to dodge the regexes, so when a
 * document has any, the text patterns run a second time with them removed and with tag characters
 * turned into the ASCII they spell, so a smuggled command is matched like a visible one (lines stay the same).
 */
export function scanDoc(db: PatternDb, doc: ScanDoc): Finding[] {
  const matches = matchDoc(db.patterns, doc);
  const findings = matches.map((m) => findingFor(doc, m));
  INVISIBLE.lastIndex = 0;
  if (!INVISIBLE.test(doc.text)) return findings;

  const cleaned = makeDoc(doc.path, doc.text.replace(INVISIBLE, reveal), doc.kind);
  const seen = new Set(matches.map(key));
  const textPatterns = db.patterns.filter((p) => p.unicode.length === 0);
  for (const m of matchDoc(textPatterns, cleaned)) {
    if (seen.has(key(m))) continue;
    const f = findingFor(cleaned, m);
    findings.push({ ...f, message: `${f.message} [found after removing or decoding invisible characters]` });
  }
  return findings;
}

function reveal(ch: string): string {
  const cp = ch.codePointAt(0)! - 0xe0000;
  return cp >= 0x20 && cp < 0x7f ? String.fromCharCode(cp) : "";
}

function findingFor(doc: ScanDoc, m: RawMatch): Finding {
  return toFinding(doc, m, classifyContext(doc, m.line, m.index, m.length, m.pattern.entry.negatable));
}

function key(m: RawMatch): string {
  return `${m.pattern.entry.id}:${m.line}`;
}
