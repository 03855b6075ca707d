import type { Requirement } from "./literals.js";

/**
 * The characters, pairs and triples of a text (ASCII letters lower-cased) as bitsets: `has` may
 * answer yes for a string that is absent (then the regex runs anyway), never no for one that is
 * present. One pass over the text, then each prefilter check is a few bit lookups instead of a
 * regex scan of the whole document.
 */
export class TrigramSet {
  private readonly tri: Uint32Array;
  private readonly triMask: number;
  /** Exact for ASCII pairs (7 + 7 bits); non-ASCII characters share one code. */
  private readonly pairs = new Uint32Array((1 << 14) >>> 5);

  constructor(text: string) {
    // Triples are exact (21 bits) for big texts; small texts fold them into fewer bits.
    let size = 1 << 12;
    while (size < text.length * 8 && size < 1 << 21) size <<= 1;
    const tri = (this.tri = new Uint32Array(size >>> 5));
    const mask = (this.triMask = size - 1);
    const pairs = this.pairs;
    let ab = 0; // the previous two codes, 7 bits each
    for (let i = 0, n = text.length; i < n; i++) {
      const ch = text.charCodeAt(i);
      const c = ch < 128 ? CODE[ch]! : 127;
      const p = ((ab & 127) << 7) | c;
      pairs[p >>> 5]! |= 1 << (p & 31);
      const t = ((ab << 7) | c) & mask;
      tri[t >>> 5]! |= 1 << (t & 31);
      ab = p;
    }
  }

  /** False only when `literal` (lower-case ASCII) cannot occur in the text. */
  has(literal: string): boolean {
    if (literal.length === 1) return this.hasPair(0, literal.charCodeAt(0)) || this.firstCharOnly(literal);
    for (let i = 1; i < literal.length; i++) if (!this.hasPair(literal.charCodeAt(i - 1), literal.charCodeAt(i))) return false;
    for (let i = 2; i < literal.length; i++) {
      const t = ((literal.charCodeAt(i - 2) << 14) | (literal.charCodeAt(i - 1) << 7) | literal.charCodeAt(i)) & this.triMask;
      if ((this.tri[t >>> 5]! & (1 << (t & 31))) === 0) return false;
    }
    return true;
  }

  /** Whether every set of the requirement has a member that may occur. */
  satisfies(req: Requirement): boolean {
    return req.every((set) => set.some((lit) => this.has(lit)));
  }

  private hasPair(a: number, b: number): boolean {
    const p = (a << 7) | b;
    return (this.pairs[p >>> 5]! & (1 << (p & 31))) !== 0;
  }

  /** A single character anywhere: some pair ends with it (the text's first character pairs with 0). */
  private firstCharOnly(literal: string): boolean {
    const c = literal.charCodeAt(0);
    for (let a = 1; a < 128; a++) if (this.hasPair(a, c)) return true;
    return false;
  }
}

/** ASCII letters lower-cased; NUL, DEL and every non-ASCII character become 127, which no literal contains. */
const CODE = Uint8Array.from({ length: 128 }, (_, c) => (c >= 65 && c <= 90 ? c | 32 : c > 0 && c < 127 ? c : 127));
