import { InternalError } from "../../errors.js";
/**
 * Literal prefilter for the pattern regexes: from a regex's source, the ASCII strings a match (or a
 * positive lookaround) cannot do without, as a conjunction of alternatives: [["webhook.site",
 * "requestbin."], ["curl"]] means "some string of each set occurs in the text". A document that
 * lacks one of them cannot match, so the regex is not run on it (most real prose lacks most of
 * them). Conservative by construction: anything not understood contributes no requirement.
 * Strings are lower-cased and checked against a lower-cased text, so the i flag is covered.
 */
export type Requirement = readonly string[][];

/** Even one character is worth a check: "|" and "&" are rare in prose (trigrams.ts checks any length). */
const MIN_LITERAL = 1;
/** An alternation with more branches than this is not turned into a requirement. */
const MAX_ALTERNATIVES = 64;

/** `min` is the least number of times the atom occurs; `once` is true when it has no quantifier. */
type Node =
  | { t: "char"; ch: string; min: number; once: boolean }
  | { t: "other"; min: number; once: boolean; zeroWidth: boolean }
  | { t: "group"; alts: Node[][]; min: number; once: boolean; look: "none" | "positive" | "negative" };

/** The requirement of a regex, or [] when nothing is required (or the flags are not understood). */
export function requiredLiterals(re: RegExp): Requirement {
  // Unicode modes fold letters such as U+017F onto ASCII ones; the lower-casing here does not.
  if (re.unicode || (re as RegExp & { unicodeSets?: boolean }).unicodeSets) return [];
  try {
    const p = new Parser(re.source);
    const alts = p.alternation();
    if (p.i !== re.source.length) return [];
    return groupSets({ t: "group", alts, min: 1, once: true, look: "none" });
  } catch {
    return [];
  }
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  alternation(): Node[][] {
    const alts: Node[][] = [this.sequence()];
    while (this.s[this.i] === "|") {
      this.i++;
      alts.push(this.sequence());
    }
    return alts;
  }

  private sequence(): Node[] {
    const out: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== "|" && this.s[this.i] !== ")") {
      const atom = this.atom();
      const min = this.quantifier();
      out.push(min === undefined ? atom : ({ ...atom, min, once: false } as Node));
    }
    return out;
  }

  private atom(): Node {
    const c = this.s[this.i++]!;
    if (c === "(") return this.group();
    if (c === "[") {
      this.skipClass();
      return other(false);
    }
    if (c === "^" || c === "$") return other(true);
    if (c === ".") return other(false);
    if (c === "\\") return this.escape();
    return literal(c);
  }

  private group(): Node {
    let look: "none" | "positive" | "negative" = "none";
    const rest = this.s.slice(this.i, this.i + 3);
    if (rest.startsWith("?:")) this.i += 2;
    else if (rest.startsWith("?=") || rest.startsWith("?<=")) look = "positive";
    else if (rest.startsWith("?!") || rest.startsWith("?<!")) look = "negative";
    else if (rest.startsWith("?<")) this.i = this.s.indexOf(">", this.i) + 1; // named group
    else if (rest.startsWith("?")) throw new InternalError("PARSE_FAILED", "unknown group");
    if (look !== "none") this.i += rest.startsWith("?<") ? 3 : 2;
    const alts = this.alternation();
    if (this.s[this.i++] !== ")") throw new InternalError("PARSE_FAILED", "unbalanced group");
    return { t: "group", alts, min: 1, once: true, look };
  }

  private escape(): Node {
    const c = this.s[this.i++];
    if (c === undefined) throw new InternalError("PARSE_FAILED", "trailing backslash");
    if (c === "b" || c === "B") return other(true);
    if (c === "k" && this.s[this.i] === "<") this.i = this.s.indexOf(">", this.i) + 1;
    else if (c === "x") this.i += 2;
    else if (c === "u") this.i += 4;
    else if (c === "c") this.i += 1;
    // Escaped punctuation is itself; letters and digits are classes, backreferences or codes.
    return /[A-Za-z0-9]/.test(c) ? other(false) : literal(c);
  }

  private skipClass(): void {
    if (this.s[this.i] === "^") this.i++;
    if (this.s[this.i] === "]") {
      this.i++;
      return;
    }
    while (this.i < this.s.length && this.s[this.i] !== "]") this.i += this.s[this.i] === "\\" ? 2 : 1;
    if (this.s[this.i++] !== "]") throw new InternalError("PARSE_FAILED", "unterminated class");
  }

  /** The minimum count of a quantifier at the cursor (consumed), or undefined when there is none. */
  private quantifier(): number | undefined {
    const c = this.s[this.i];
    let min: number | undefined;
    if (c === "*" || c === "?") min = 0;
    else if (c === "+") min = 1;
    else if (c === "{") {
      const m = /^\{(\d+)(?:,\d*)?\}/.exec(this.s.slice(this.i));
      if (!m) return undefined; // a literal "{" in this mode: handled as an atom next time round
      min = Number(m[1]);
      this.i += m[0].length - 1;
    }
    if (min === undefined) return undefined;
    this.i++;
    if (this.s[this.i] === "?") this.i++; // lazy
    return min;
  }
}

function literal(c: string): Node {
  // Only printable ASCII is lower-cased safely (and coded by trigrams.ts); anything else is left unconstrained.
  const code = c.charCodeAt(0);
  return code >= 0x20 && code < 0x7f ? { t: "char", ch: c.toLowerCase(), min: 1, once: true } : other(false);
}

function other(zeroWidth: boolean): Node {
  return { t: "other", min: 1, once: true, zeroWidth };
}

/** The sets every match of this sequence needs (each at least MIN_LITERAL long). */
function sequenceSets(seq: Node[]): string[][] {
  const sets: string[][] = [];
  let run = "";
  const flush = () => {
    if (run.length >= MIN_LITERAL) sets.push([run]);
    run = "";
  };
  for (const n of seq) {
    if (n.t === "char") {
      if (n.min === 0) flush();
      else {
        run += n.ch;
        // "ab+c" needs "ab", but what follows the b's is not known to be c.
        if (!n.once) flush();
      }
    } else if (n.t === "other") {
      // Zero-width assertions consume nothing: the characters around them stay adjacent.
      if (!n.zeroWidth || !n.once) flush();
    } else {
      flush();
      if (n.min >= 1 && n.look !== "negative") sets.push(...groupSets(n));
    }
  }
  flush();
  return sets;
}

/** What a group requires: each branch's most selective set, united; nothing when a branch needs nothing. */
function groupSets(g: Extract<Node, { t: "group" }>): string[][] {
  if (g.alts.length === 1) return sequenceSets(g.alts[0]!);
  const union: string[] = [];
  for (const alt of g.alts) {
    const best = mostSelective(sequenceSets(alt));
    if (!best) return [];
    union.push(...best);
  }
  return union.length <= MAX_ALTERNATIVES ? [[...new Set(union)]] : [];
}

function mostSelective(sets: string[][]): string[] | undefined {
  let best: string[] | undefined;
  let bestScore = -1;
  for (const s of sets) {
    const score = Math.min(...s.map((x) => x.length)) * 100 - s.length;
    if (score > bestScore) [best, bestScore] = [s, score];
  }
  return best;
}
