import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { discoverSkills } from "../../src/pipeline/discover.js";

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), "skillsign-discover-"));
  for (const name of ["b-skill", "a-skill"]) {
    mkdirSync(join(root, "skills", name), { recursive: true });
    writeFileSync(join(root, "skills", name, "SKILL.md"), `---\nname: ${name}\ndescription: x\n---\n`);
  }
  mkdirSync(join(root, "skills", "lower-case"));
  writeFileSync(join(root, "skills", "lower-case", "skill.md"), "---\nname: lower-case\n---\n");
  mkdirSync(join(root, "skills", "not-a-skill"));
  mkdirSync(join(root, "skills", ".git"));
  writeFileSync(join(root, "skills", ".git", "SKILL.md"), "");
  writeFileSync(join(root, "skills", "README.md"), "");
  mkdirSync(join(root, "empty"));
  return root;
}

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error("expected a UsageError");
}

describe("discoverSkills", () => {
  const root = tree();

  it("takes a skill folder as one skill", () => {
    expect(discoverSkills([join(root, "skills", "a-skill")])).toEqual([join(root, "skills", "a-skill")]);
  });

  it("expands a folder of skills, sorted, skipping hidden and non-skill folders", () => {
    expect(discoverSkills([join(root, "skills")])).toEqual(["a-skill", "b-skill", "lower-case"].map((n) => join(root, "skills", n)));
  });

  it("de-duplicates skills named twice", () => {
    const a = join(root, "skills", "a-skill");
    expect(discoverSkills([a, join(root, "skills")]).filter((p) => p === a)).toHaveLength(1);
  });

  it("keeps a symlinked skill so the snapshot can refuse it visibly", () => {
    const r = tree();
    symlinkSync(join(r, "skills", "a-skill"), join(r, "skills", "z-link"));
    expect(discoverSkills([join(r, "skills")])).toContain(join(r, "skills", "z-link"));
  });

  it.each([
    ["a missing path", (r: string) => join(r, "nope"), "FILE_NOT_FOUND", /no such file or folder/],
    ["a file", (r: string) => join(r, "skills", "README.md"), "USAGE_ERROR", /not a folder/],
    ["a folder with no skills", (r: string) => join(r, "empty"), "USAGE_ERROR", /neither a skill .* nor a folder of skills/],
  ])("refuses %s with a usage error", (_name, path, code, message) => {
    const err = usageError(() => discoverSkills([path(root)]));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
  });

  it("refuses no paths at all", () => {
    expect(usageError(() => discoverSkills([])).message).toMatch(/no PATH given/);
  });
});
