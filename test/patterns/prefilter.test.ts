import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { base64Runs } from "../../src/stages/patterns/decode.js";
import { requiredLiterals } from "../../src/stages/patterns/literals.js";
import { readPatternDb, type PatternDb } from "../../src/stages/patterns/load.js";
import { scanDoc } from "../../src/stages/patterns/scan.js";
import { makeDoc } from "../../src/stages/patterns/text.js";
import { TrigramSet } from "../../src/stages/patterns/trigrams.js";

const ROOT = join(import.meta.dirname, "..", "..");
const db = readPatternDb(join(ROOT, "patterns"));
/** The same database with every prefilter off: each regex runs on every document. */
const unfiltered: PatternDb = { ...db, patterns: db.patterns.map((p) => ({ ...p, requirements: p.regexes.map(() => []) })) };

// Deterministic pseudo-random numbers: a failure reproduces.
let seed = 7;
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * n;
const randomText = (alphabet: string, max: number) =>
  Array.from({ length: Math.floor(rand(max)) }, () => alphabet[Math.floor(rand(alphabet.length))]).join("");

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}
const fixtureTexts = filesUnder(join(ROOT, "test", "fixtures", "skills"))
  .map((p) => ({ path: p, buf: readFileSync(p) }))
  .filter((f) => !f.buf.includes(0))
  .map((f) => ({ path: f.path, text: f.buf.toString("utf8") }));
const examples = db.patterns.flatMap((p) => [...p.entry.examples.match, ...p.entry.examples.no_match]);

describe("literal requirements of a regex", () => {
  const req = (src: string, flags = "") => requiredLiterals(new RegExp(src, flags));

  it("takes literal runs, lower-cased, and unites the branches of an alternation", () => {
    expect(req("curl\\s+-sL")).toEqual([["curl"], ["-sl"]]);
    expect(req("\\b(?:Wget|curl)\\b", "i")).toEqual([["wget", "curl"]]);
    expect(req("a\\.b\\/c")).toEqual([["a.b/c"]]);
  });

  it("requires nothing that a match can do without", () => {
    expect(req("ab+c")).toEqual([["ab"], ["c"]]); // "abbc" has no "abc"
    expect(req("ab?c")).toEqual([["a"], ["c"]]);
    expect(req("(?:foo)?bar")).toEqual([["bar"]]);
    expect(req("(?:foo|)bar")).toEqual([["bar"]]); // an empty branch needs nothing
    expect(req("x(?!evil)y")).toEqual([["x"], ["y"]]); // a negative lookahead's text is absent
    expect(req("a{0,3}bc")).toEqual([["bc"]]);
    expect(req("[abc]def[^\\]x]")).toEqual([["def"]]);
    expect(req("[^]x]")).toEqual([["x]"]]); // in JS, [^] is any character and "x]" is literal
    expect(req("\\w+\\d\\s(\\w)\\1")).toEqual([]);
  });

  it("keeps positive lookarounds, named groups and a brace that is not a quantifier", () => {
    expect(req("(?<=curl )x")).toEqual([["curl "], ["x"]]);
    expect(req("(?<host>evil)\\.com")).toEqual([["evil"], [".com"]]);
    expect(req("a{b")).toEqual([["a{b"]]);
  });

  it("leaves non-ASCII letters and unicode-mode regexes unconstrained", () => {
    expect(req("pаypal")).toEqual([["p"], ["ypal"]]); // Cyrillic а
    expect(req("secret", "iu")).toEqual([]); // /u folds U+017F (long s) onto s
  });
});

describe("trigram sets", () => {
  it("never deny a substring that is present (any case, next to any character)", () => {
    for (let k = 0; k < 300; k++) {
      const text = randomText("abcXYZ .-/|&{}\n\u00e9\u0430\u2028", 300);
      const set = new TrigramSet(text);
      for (let n = 0; n < 20 && text.length > 0; n++) {
        const start = Math.floor(rand(text.length));
        const sub = text.slice(start, start + 1 + Math.floor(rand(8)));
        if (/[^\x20-\x7e]/.test(sub)) continue; // literals are printable ASCII
        expect(set.has(sub.toLowerCase()), `${JSON.stringify(sub)} in ${JSON.stringify(text)}`).toBe(true);
      }
    }
  });

  it("deny what is absent", () => {
    const set = new TrigramSet("Run the formatter, then commit.");
    expect(set.has("curl")).toBe(false);
    expect(set.has("|")).toBe(false);
    expect(set.has("formatter")).toBe(true);
    expect(set.has("r")).toBe(true);
  });
});

describe("the prefilter never hides a match", () => {
  it("every regex's requirement holds on every pattern example and fixture file it matches", () => {
    let checked = 0;
    for (const p of db.patterns) {
      p.regexes.forEach((re, i) => {
        const r = p.requirements[i]!;
        for (const text of [...examples, ...fixtureTexts.map((f) => f.text)]) {
          re.lastIndex = 0;
          if (!re.test(text)) continue;
          checked++;
          expect(new TrigramSet(text).satisfies(r), `${p.entry.id} /${re.source}/`).toBe(true);
        }
      });
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("no requirement was dropped by the load-time check on the examples (that would be a parser bug)", () => {
    for (const p of db.patterns) p.regexes.forEach((re, i) => expect(p.requirements[i], p.entry.id).toEqual(requiredLiterals(re)));
    // Most regexes get a prefilter: otherwise the stage is back to scanning every document with every regex.
    const filtered = db.patterns.flatMap((p) => p.requirements).filter((r) => r.length > 0).length;
    expect(filtered).toBeGreaterThan(db.patterns.flatMap((p) => p.regexes).length * 0.8);
  });

  it("gives the same findings as running every regex, on every fixture file and pattern example", () => {
    const docs = [
      ...fixtureTexts.map((f) => makeDoc(f.path, f.text)),
      ...examples.flatMap((e, i) => [makeDoc(`example-${i}.md`, e, "prose"), makeDoc(`example-${i}.sh`, e, "code")]),
    ];
    let findings = 0;
    for (const doc of docs) {
      const want = scanDoc(unfiltered, doc);
      findings += want.length;
      expect(scanDoc(db, doc), doc.path).toEqual(want);
    }
    expect(findings).toBeGreaterThan(200);
  });
});

describe("base64 runs", () => {
  it("are exactly the matches of /[A-Za-z0-9+/]{24,}={0,2}/g", () => {
    const BLOB = /[A-Za-z0-9+/]{24,}={0,2}/g;
    for (let k = 0; k < 3000; k++) {
      const text = randomText("AB+/", 60) + randomText("Az9+/= =\n-_.\u00e9", 80) + randomText("AB", 40);
      const want = [...text.matchAll(BLOB)].map((m) => ({ index: m.index, text: m[0] }));
      expect([...base64Runs(text)], JSON.stringify(text)).toEqual(want);
    }
  });
});
