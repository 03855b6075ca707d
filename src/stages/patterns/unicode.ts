import type { UnicodeClass } from "./schema.js";

/** One run of hidden characters on one line. */
export interface HiddenRun {
  index: number;
  length: number;
  /** For tag characters: the ASCII text they spell. */
  decoded?: string;
}

const ZERO_WIDTH = /[\u200B-\u200F\u2060\uFEFF]/g;
const BIDI = /[\u202A-\u202E\u2066-\u2069]+/g;
const TAGS = /[\u{E0000}-\u{E007F}]+/gu;
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F/u;
const LETTER_NON_ASCII = /[^\x00-\x7F]/;

export function findHidden(text: string, cls: UnicodeClass, limit: number): HiddenRun[] {
  switch (cls) {
    case "zero-width":
      return collect(text, ZERO_WIDTH, limit, (m, i) => !isLegitimateJoiner(text, i, m));
    case "bidi":
      return collect(text, BIDI, limit, () => true);
    case "tag":
      return collect(text, TAGS, limit, (m, i) => !isFlagSequence(text, i, m)).map((r) => ({
        ...r,
        decoded: decodeTags(text.slice(r.index, r.index + r.length)),
      }));
  }
}

function collect(text: string, re: RegExp, limit: number, keep: (m: string, i: number) => boolean): HiddenRun[] {
  const out: HiddenRun[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m && out.length < limit; m = re.exec(text)) {
    if (keep(m[0], m.index)) out.push({ index: m.index, length: m[0].length });
  }
  return out;
}

/** ZWJ/ZWNJ/LRM/RLM are needed inside emoji sequences and non-Latin scripts; between ASCII they only hide things. */
function isLegitimateJoiner(text: string, i: number, ch: string): boolean {
  if (!/[\u200C-\u200F]/.test(ch)) return false;
  const before = text.codePointAt(i - 1 >= 0 && isLowSurrogate(text, i - 1) ? i - 2 : i - 1);
  const after = text.codePointAt(i + 1);
  const around = [before, after].filter((c): c is number => c !== undefined).map((c) => String.fromCodePoint(c));
  return around.some((c) => EMOJI.test(c) || LETTER_NON_ASCII.test(c));
}

function isLowSurrogate(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Subdivision flags (e.g. Scotland) are U+1F3F4 followed by tag letters and U+E007F. */
function isFlagSequence(text: string, i: number, run: string): boolean {
  return text.codePointAt(i - 2) === 0x1f3f4 && run.codePointAt(run.length - 2) === 0xe007f;
}

function decodeTags(run: string): string {
  let out = "";
  for (const ch of run) {
    const c = ch.codePointAt(0)! - 0xe0000;
    if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
  }
  return out;
}

/** Makes invisible characters visible for evidence: "a<U+200B>b". */
export function showInvisible(s: string): string {
  return s.replace(/[\u200B-\u200F\u2060\uFEFF\u202A-\u202E\u2066-\u2069]|[\u{E0000}-\u{E007F}]/gu, (c) => {
    return `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}>`;
  });
}
