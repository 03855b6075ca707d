import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { mergedRulesFile } from "../../src/stages/semgrep/merged-rules.js";

describe("merged semgrep rules", () => {
  it("holds every shipped rule once, and is reused while the rules do not change", () => {
    const state = mkdtempSync(join(tmpdir(), "skillsign-rules-"));
    const file = mergedRulesFile(resolve("rules/semgrep"), state);
    const ids = (parse(readFileSync(file, "utf8")) as { rules: Array<{ id: string }> }).rules.map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(15);
    expect(new Set(ids).size).toBe(ids.length);
    expect(mergedRulesFile(resolve("rules/semgrep"), state)).toBe(file);
  });

  it("refuses a YAML file that is not a rule file", () => {
    const dir = mkdtempSync(join(tmpdir(), "skillsign-rules-"));
    mkdirSync(join(dir, "x"));
    writeFileSync(join(dir, "x", "bad.yaml"), "just: text\n");
    expect(() => mergedRulesFile(dir, join(dir, "state"))).toThrow(/not a semgrep rule file/);
  });
});
