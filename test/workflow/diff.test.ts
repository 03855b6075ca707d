import { describe, expect, it } from "vitest";
import { emptyPermissions } from "../../src/skill/permissions.js";
import { diffFiles, diffPermissions } from "../../src/workflow/diff.js";
import { parseExpiry } from "../../src/workflow/review.js";

const f = (path: string, sha = "a", size = 1, executable = false) => ({ path, sha256: sha.repeat(64), size, executable });

describe("diffFiles", () => {
  it.each([
    { name: "added", before: [f("A")], after: [f("A"), f("B")], want: [{ path: "B", change: "added" }] },
    { name: "removed", before: [f("A"), f("B")], after: [f("A")], want: [{ path: "B", change: "removed" }] },
    { name: "content", before: [f("A")], after: [f("A", "b")], want: [{ path: "A", change: "changed", what: ["content"] }] },
    { name: "exec bit", before: [f("A")], after: [f("A", "a", 1, true)], want: [{ path: "A", change: "changed", what: ["executable"] }] },
    { name: "unchanged", before: [f("A")], after: [f("A")], want: [] },
  ])("reports $name files", ({ before, after, want }) => {
    expect(diffFiles(before, after)).toEqual(want);
  });

  it("sorts by UTF-8 bytes of the path", () => {
    expect(diffFiles([], [f("b"), f("B"), f("a/c")]).map((x) => x.path)).toEqual(["B", "a/c", "b"]);
  });
});

describe("diffPermissions", () => {
  it("reports each field's added and removed items, install steps included", () => {
    const before = { ...emptyPermissions(), network: ["a.invalid"], bins: ["python3"] };
    const after = {
      ...emptyPermissions(),
      network: ["a.invalid", "b.invalid"],
      install: [{ kind: "pip", package: "requests", bins: [], label: "" }],
    };
    expect(diffPermissions(before, after)).toEqual([
      { field: "bins", added: [], removed: ["python3"] },
      { field: "install", added: ['{"kind":"pip","package":"requests","bins":[],"label":""}'], removed: [] },
      { field: "network", added: ["b.invalid"], removed: [] },
    ]);
  });

  it("treats a first version as everything added", () => {
    expect(diffPermissions(null, { ...emptyPermissions(), env: ["TOKEN_NAME"] })).toEqual([{ field: "env", added: ["TOKEN_NAME"], removed: [] }]);
  });
});

describe("parseExpiry", () => {
  it("accepts dates and ISO date-times, refuses anything vague", () => {
    expect(parseExpiry("2027-01-31").toISOString()).toBe("2027-01-31T00:00:00.000Z");
    expect(parseExpiry("2027-01-31T12:00:00+02:00").toISOString()).toBe("2027-01-31T10:00:00.000Z");
    for (const bad of ["tomorrow", "2027-13-45", "31/01/2027", ""]) expect(() => parseExpiry(bad)).toThrow(/--expires/);
  });
});
