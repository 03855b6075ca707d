import { decodeBase64Blobs, type DecodedBlob } from "./decode.js";
import type { CompiledPattern } from "./load.js";
import type { UnicodeClass } from "./schema.js";
import { lineOf, lineText, type ScanDoc } from "./text.js";
import { TrigramSet } from "./trigrams.js";
import { findHidden } from "./unicode.js";

// Built on first use per document (variants are new documents with their own text).
const trigrams = new WeakMap<ScanDoc, TrigramSet>();
function trigramsOf(doc: ScanDoc): TrigramSet {
  let t = trigrams.get(doc);
  if (!t) trigrams.set(doc, (t = new TrigramSet(doc.text)));
  return t;
}

/** Where one pattern matched, before context rules and redaction. */
export interface RawMatch {
  pattern: CompiledPattern;
  index: number;
  length: number;
  /** 1-based. */
  line: number;
  /** Base64 matches: what the blob decodes to. */
  decoded?: string;
  /** Unicode matches: which class, and for tag characters the text they spell. */
  hidden?: { cls: UnicodeClass; text?: string };
}

/** A file full of one pattern says nothing new after a few hits; this also bounds the work. */
export const MAX_MATCHES_PER_PATTERN = 20;

/** Runs every applicable pattern over one document. Blobs are decoded once per document, not per pattern. */
export function matchDoc(patterns: readonly CompiledPattern[], doc: ScanDoc): RawMatch[] {
  const out: RawMatch[] = [];
  let blobs: DecodedBlob[] | undefined;
  for (const p of patterns) {
    if (p.entry.applies_to === "prose" && doc.kind !== "prose") continue;
    if (p.entry.decode === "base64") {
      blobs ??= decodeBase64Blobs(doc.text);
      out.push(...matchDecoded(p, doc, blobs));
    } else {
      out.push(...matchRegexes(p, doc));
    }
    for (const cls of p.unicode) out.push(...matchHidden(p, doc, cls));
  }
  return out;
}

/** One finding per line and class; tag runs each get their own (each spells a different text). */
function matchHidden(p: CompiledPattern, doc: ScanDoc, cls: UnicodeClass): RawMatch[] {
  const out: RawMatch[] = [];
  const seenLines = new Set<number>();
  for (const run of findHidden(doc.text, cls, MAX_MATCHES_PER_PATTERN * 4)) {
    const line = lineOf(doc, run.index);
    if (cls !== "tag" && seenLines.has(line)) continue;
    seenLines.add(line);
    out.push({ pattern: p, index: run.index, length: run.length, line, hidden: { cls, text: run.decoded } });
    if (out.length >= MAX_MATCHES_PER_PATTERN) break;
  }
  return out;
}

function matchRegexes(p: CompiledPattern, doc: ScanDoc): RawMatch[] {
  const out: RawMatch[] = [];
  const seenLines = new Set<number>();
  for (const [i, re] of p.regexes.entries()) {
    // A document without the literals this regex needs cannot match it: skip the scan.
    if (!trigramsOf(doc).satisfies(p.requirements[i] ?? [])) continue;
    re.lastIndex = 0;
    for (let m = re.exec(doc.text); m && out.length < MAX_MATCHES_PER_PATTERN; m = re.exec(doc.text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const line = lineOf(doc, m.index);
      // One finding per pattern and line, however many alternatives hit it.
      if (seenLines.has(line) || !inScope(p, doc, line) || isExcused(p, lineText(doc, line))) continue;
      seenLines.add(line);
      out.push({ pattern: p, index: m.index, length: m[0].length, line });
      // The rest of this line cannot add a finding: skip it (matters on huge minified lines).
      re.lastIndex = Math.max(re.lastIndex, doc.lineStarts[line] ?? doc.text.length);
    }
  }
  return out;
}

function matchDecoded(p: CompiledPattern, doc: ScanDoc, blobs: DecodedBlob[]): RawMatch[] {
  const out: RawMatch[] = [];
  for (const blob of blobs) {
    if (out.length >= MAX_MATCHES_PER_PATTERN) break;
    const hit = p.regexes.some((re) => {
      re.lastIndex = 0;
      return re.test(blob.decoded);
    });
    const line = lineOf(doc, blob.index);
    if (hit && inScope(p, doc, line) && !isExcused(p, blob.decoded)) {
      out.push({ pattern: p, index: blob.index, length: blob.length, line, decoded: blob.decoded });
    }
  }
  return out;
}

/** Code-only patterns still apply to fenced code blocks inside Markdown. */
function inScope(p: CompiledPattern, doc: ScanDoc, line: number): boolean {
  if (p.entry.applies_to !== "code" || doc.kind === "code") return true;
  return doc.md?.inFence[line - 1] === 1;
}

function isExcused(p: CompiledPattern, text: string): boolean {
  return p.unless.some((re) => {
    re.lastIndex = 0;
    return re.test(text);
  });
}
