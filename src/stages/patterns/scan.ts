import type { Finding } from "../../findings.types.js";
import { classifyContext } from "./context.js";
import { toFinding } from "./finding.js";
import type { PatternDb } from "./load.js";
import { matchDoc, type RawMatch } from "./match.js";
import { hasShellTrick, undoShellTricks } from "./shell-unescape.js";
import { makeDoc, type ScanDoc } from "./text.js";
import { installerContext } from "./vendor-install.js";
import { isLegalFile } from "./location.js";

const INVISIBLE = /[\u200B-\u200F\u2060\uFEFF\u202A-\u202E\u2066-\u2069]|[\u{E0000}-\u{E007F}]/gu;

/** Another reading of the same document that undoes a trick, and the note its findings carry. */
interface Variant {
  doc: ScanDoc;
  note: string;
}

/**
 * Every finding for one document (the library entry point for scanning a single text).
 * Text can be split to dodge the regexes, so when a trick is present the text patterns run again
 * on a variant that undoes it; line numbers stay those of the original file.
 */
export function scanDoc(db: PatternDb, doc: ScanDoc): Finding[] {
  const matches = matchDoc(db.patterns, doc);
  const findings = matches.map((m) => findingFor(doc, m));
  const seen = new Set(matches.map(key));
  const textPatterns = db.patterns.filter((p) => p.unicode.length === 0);
  for (const v of variants(doc)) {
    for (const m of matchDoc(textPatterns, v.doc)) {
      if (seen.has(key(m))) continue;
      seen.add(key(m));
      const f = findingFor(v.doc, m);
      findings.push({ ...f, message: `${f.message} [${v.note}]` });
    }
  }
  return findings;
}

function variants(doc: ScanDoc): Variant[] {
  const out: Variant[] = [];
  INVISIBLE.lastIndex = 0;
  if (INVISIBLE.test(doc.text)) {
    // "cu<U+200B>rl" becomes "curl"; tag characters become the ASCII they spell. No newline is touched.
    out.push({ doc: { ...makeDoc(doc.path, doc.text.replace(INVISIBLE, reveal), doc.kind), toldToRun: doc.toldToRun, dataFile: doc.dataFile }, note: "found after removing or decoding invisible characters" });
  }
  if (hasShellTrick(doc.text)) {
    out.push({ doc: { ...makeDoc(doc.path, undoShellTricks(doc.text), doc.kind), toldToRun: doc.toldToRun, dataFile: doc.dataFile }, note: "found after undoing shell quoting and escapes" });
  }
  if (doc.text.includes("\\\n")) {
    // "curl … \<newline> | bash": same length, so offsets and line starts of the original still apply.
    out.push({ doc: { ...doc, text: doc.text.replace(/\\\n/g, "  ") }, note: "found after joining lines continued with a backslash" });
  }
  return out;
}

function reveal(ch: string): string {
  const cp = ch.codePointAt(0)! - 0xe0000;
  return cp >= 0x20 && cp < 0x7f ? String.fromCharCode(cp) : "";
}

function findingFor(doc: ScanDoc, m: RawMatch): Finding {
  if (doc.dataFile && m.pattern.entry.category === "prompt-injection") {
    const what = isLegalFile(doc.path) ? "a licence text" : "a data file";
    return toFinding(doc, m, { kind: "data", reason: `in ${what} (${doc.path}) that SKILL.md does not tell the agent to follow` });
  }
  const ctx = classifyContext(doc, m.line, m.index, m.length, m.pattern.entry.negatable);
  return toFinding(doc, m, ctx.kind === "direct" && m.pattern.entry.installer ? (installerContext(doc, m.line, m.index) ?? ctx) : ctx);
}

function key(m: RawMatch): string {
  return `${m.pattern.entry.id}:${m.line}`;
}
