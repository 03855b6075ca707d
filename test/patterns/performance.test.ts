import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readPatternDb } from "../../src/stages/patterns/load.js";
import { scanDoc } from "../../src/stages/patterns/scan.js";
import { makeDoc } from "../../src/stages/patterns/text.js";

const db = readPatternDb(join(import.meta.dirname, "..", "..", "patterns"));
const MB = 1024 * 1024;

function repeatTo(unit: string, size = MB): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

// Inputs that make naive regexes backtrack: many starts with no end, long runs of one class.
const PATHOLOGICAL: Record<string, string> = {
  spaces: repeatTo(" "),
  tabsAndSpaces: repeatTo(" \t"),
  letters: repeatTo("a"),
  base64Alphabet: repeatTo("QUJD"),
  curlWithoutPipe: repeatTo("curl -s "),
  commentOpeners: repeatTo("<!-- agent "),
  negations: repeatTo("never do not "),
  homePaths: repeatTo("~/.ssh/ "),
  charCodes: repeatTo("99,"),
  hexEscapes: repeatTo("\\x4"),
  // Shell tricks trigger a second, unescaped reading of the whole file.
  emptyQuotes: repeatTo("c''u\"\"r"),
  ansiCStrings: repeatTo("$'\\x63\\x75"),
  reversePipes: repeatTo("eval \"$(x | rev "),
  linkOpeners: repeatTo("[a.bc/d](http://"),
  scriptUrls: repeatTo("https://a.invalid/x.sh "),
  outputPaths: repeatTo("curl -o scripts/"),
  cyrillicHosts: repeatTo("https://аa"),
  // Many short lines: the multi-line download/chmod/run pattern looks 3 lines each way.
  chmodLines: repeatTo("curl -o a\nchmod +x a\n"),
  // Every pattern's own match examples, glued into one line with their line breaks removed.
  examplesOnOneLine: repeatTo(db.patterns.flatMap((p) => p.entry.examples.match.map((m) => m.replace(/\n/g, " ").slice(0, 60))).join(" ")),
};

function timed(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

describe("throughput on realistic documents", () => {
  it("scans a 75 KB SKILL.md (the largest seen in public skills) 100 times in a few seconds", () => {
    const sample = readFileSync(join(import.meta.dirname, "..", "fixtures", "skills", "benign-security-training", "SKILL.md"), "utf8");
    const doc = makeDoc("SKILL.md", repeatTo(sample, 75 * 1024));
    const ms = timed(() => {
      for (let i = 0; i < 100; i++) scanDoc(db, doc);
    });
    // Hundreds of skills a minute: 100 of the largest ones must take well under a minute.
    expect(ms).toBeLessThan(10_000);
  });
});

describe("performance on a pathological 1 MB line", () => {
  it.each(Object.keys(PATHOLOGICAL))("scans %s in well under a second", (name) => {
    const text = PATHOLOGICAL[name]!;
    for (const kind of ["prose", "code"] as const) {
      const doc = makeDoc(kind === "prose" ? "SKILL.md" : "run.sh", text, kind);
      // Best of two runs filters out a busy machine; catastrophic backtracking is slow every time.
      const ms = Math.min(timed(() => scanDoc(db, doc)), timed(() => scanDoc(db, doc)));
      // ~1 s is the budget; the bound leaves room for a loaded 2-core CI machine.
      expect(ms, `${name} as ${kind}`).toBeLessThan(1500);
    }
  });
});
