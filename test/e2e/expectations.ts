/**
 * Expected verdict of `skillsign scan` (static stages, shipped policy) for every fixture skill in
 * test/fixtures/skills/. Every fixture must have an entry: a new fixture fails
 * test/e2e/static-fixtures.test.ts until it is classified here.
 *
 * - verdict: the exact static verdict.
 * - rules: rule ids that must be among the skill's findings (the reasons the verdict is right).
 * - input-error: the snapshot refuses the folder (code = SnapshotError code).
 * - not-a-skill: discovery refuses the path (no SKILL.md): scanning it alone exits 2.
 */
export type Expectation =
  | { verdict: "approved" | "review" | "rejected"; rules?: string[] }
  | { verdict: "input-error"; code: string }
  | { verdict: "not-a-skill" };

export const EXPECTATIONS: Record<string, Expectation> = {};
