import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PatternDbError } from "../../src/stages/patterns/error.js";
import { parsePatternFile, readPatternDb } from "../../src/stages/patterns/load.js";
import { PATTERN_CATEGORIES } from "../../src/stages/patterns/schema.js";
import { exampleMatches } from "./examples.js";

const PATTERNS_DIR = join(import.meta.dirname, "..", "..", "patterns");
const db = readPatternDb(PATTERNS_DIR);

describe("the shipped pattern database", () => {
  it("loads, and covers every category with one file each", () => {
    const categories = new Set(db.patterns.map((p) => p.entry.category));
    expect([...categories].sort()).toEqual([...PATTERN_CATEGORIES].sort());
    for (const p of db.patterns) expect(p.file).toBe(`${p.entry.category}.yaml`);
    expect(db.patterns.length).toBeGreaterThanOrEqual(40);
  });

  describe.each(db.patterns.map((p) => [p.entry.id, p] as const))("%s", (_id, p) => {
    it.each(p.entry.examples.match)("matches %j", (text) => {
      expect(exampleMatches(p, text)).toBe(true);
    });
    it.each(p.entry.examples.no_match)("does not match %j", (text) => {
      expect(exampleMatches(p, text)).toBe(false);
    });
  });
});

const VALID = `
- id: sample-pattern
  category: destructive
  severity: high
  confidence: high
  cwe: [CWE-1188]
  likelihood: LOW
  impact: HIGH
  message: A sample pattern used by the schema tests.
  fix: Nothing to fix in a sample.
  regex: ['\\bsample\\b']
  examples: { match: [sample], no_match: [other] }
`;

function expectDbError(fileName: string, yaml: string, code: string, ...parts: RegExp[]): void {
  let thrown: unknown;
  try {
    parsePatternFile(fileName, yaml);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(PatternDbError);
  expect((thrown as PatternDbError).code).toBe(code);
  for (const p of parts) expect((thrown as Error).message).toMatch(p);
}

describe("schema validation", () => {
  it("accepts a well-formed entry", () => {
    expect(parsePatternFile("destructive.yaml", VALID).map((p) => p.entry.id)).toEqual(["sample-pattern"]);
  });

  it("names the file and id when the severity is not a known level", () => {
    expectDbError("destructive.yaml", VALID.replace("severity: high", "severity: severe"), "PATTERN_DB_INVALID", /destructive\.yaml/, /"sample-pattern"/, /severity/);
  });

  it("requires a CWE for every security pattern", () => {
    expectDbError("destructive.yaml", VALID.replace("  cwe: [CWE-1188]\n", ""), "PATTERN_DB_INVALID", /"sample-pattern"/, /cwe/);
    expectDbError("destructive.yaml", VALID.replace("CWE-1188", "1188"), "PATTERN_DB_INVALID", /cwe/);
  });

  it("refuses duplicate ids in one file", () => {
    expectDbError("destructive.yaml", VALID + VALID, "PATTERN_DB_DUPLICATE_ID", /"sample-pattern"/);
  });

  it("refuses an id that is not kebab-case, and a category that does not match the file", () => {
    expectDbError("destructive.yaml", VALID.replace("id: sample-pattern", "id: Sample_Pattern"), "PATTERN_DB_INVALID", /kebab-case/);
    expectDbError("persistence.yaml", VALID, "PATTERN_DB_INVALID", /persistence\.yaml/, /does not match its file/);
  });

  it("refuses invalid regexes, the s flag, and entries without examples", () => {
    expectDbError("destructive.yaml", VALID.replace("'\\bsample\\b'", "'(unclosed'"), "PATTERN_REGEX_INVALID", /"sample-pattern"/);
    expectDbError("destructive.yaml", VALID.replace("['\\bsample\\b']", "[{pattern: x, flags: s}]"), "PATTERN_DB_INVALID", /flags/);
    expectDbError("destructive.yaml", VALID.replace("no_match: [other]", "no_match: []"), "PATTERN_DB_INVALID", /no_match/);
  });

  it("refuses a pattern with no matcher and unknown keys", () => {
    expectDbError("destructive.yaml", VALID.replace("  regex: ['\\bsample\\b']\n", ""), "PATTERN_DB_INVALID", /regex or a unicode matcher/);
    expectDbError("destructive.yaml", VALID + "  sevirity: low\n", "PATTERN_DB_INVALID", /sevirity/);
  });

  it("refuses duplicate ids across files, naming both files", () => {
    const dir = mkdtempSync(join(tmpdir(), "skillsign-patterns-db-"));
    writeFileSync(join(dir, "destructive.yaml"), VALID);
    writeFileSync(join(dir, "persistence.yaml"), VALID.replace("category: destructive", "category: persistence"));
    expect(() => readPatternDb(dir)).toThrow(/persistence\.yaml: pattern id "sample-pattern" is already defined in destructive\.yaml/);
    expect(db.byId.size).toBe(db.patterns.length);
  });

  it("reports a missing or empty database folder", () => {
    const empty = mkdtempSync(join(tmpdir(), "skillsign-patterns-db-"));
    expect(() => readPatternDb(empty)).toThrow(PatternDbError);
    expect(() => readPatternDb(join(empty, "nope"))).toThrow(/cannot read the pattern database folder/);
  });
});
