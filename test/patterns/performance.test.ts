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
  // Every pattern's own match examples, glued into one line with their line breaks removed.
  examplesOnOneLine: repeatTo(db.patterns.flatMap((p) => p.entry.examples.match.map((m) => m.replace(/\n/g, " ").slice(0, 60))).join(" ")),
};

describe("performance on a pathological 1 MB line", () => {
  it.each(Object.keys(PATHOLOGICAL))("scans %s in well under a second", (name) => {
    const text = PATHOLOGICAL[name]!;
    const started = performance.now();
    for (const kind of ["prose", "code"] as const) scanDoc(db, makeDoc(kind === "prose" ? "SKILL.md" : "run.sh", text, kind));
    const ms = (performance.now() - started) / 2;
    // ~1 s is the budget; the bound leaves room for a busy 2-core CI machine.
    expect(ms).toBeLessThan(1500);
  });
});
