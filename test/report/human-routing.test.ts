import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/findings.types.js";
import type { SkillAnalysis } from "../../src/analysis.types.js";
import { renderReport } from "../../src/report/index.js";
import { emptyPermissions } from "../../src/skill/permissions.js";
import { STAGE_IDS } from "../../src/stage-ids.js";
import { loadPolicy } from "../../src/verdict/policy.js";
import { route } from "../../src/verdict/route.js";

const f = (over: Partial<Finding> & Pick<Finding, "ruleId" | "severity" | "category">): Finding => ({ stage: "manifest", confidence: "high", message: "m.", file: "SKILL.md", line: 1, ...over });

function report(findings: Finding[]): string {
  const stages = STAGE_IDS.map((id) => ({ stageId: id, stageVersion: "1", status: id === "behavior" ? ("skipped" as const) : ("passed" as const), ...(id === "behavior" ? { skipKind: "not-selected" as const } : {}), findings: id === "manifest" ? findings : [], durationMs: 0, ...(id === "manifest" ? { data: { inferred: { network: ["api.weather.invalid"], env: [], bins: [], paths: [], sources: { static: true, observed: false } } } } : {}) }));
  const a: SkillAnalysis = {
    path: "/r/skills/weather", name: "weather", version: "", permissions: emptyPermissions(), permissionsHash: "b".repeat(64), stages, findings,
    snapshot: { sourcePath: "/r/skills/weather", root: "/tmp/s", files: [], contentHash: "a".repeat(64), skillMdPath: "SKILL.md", notes: [] },
  };
  const verdict = route(a, loadPolicy(), { selectedStages: ["manifest", "patterns", "semgrep", "dependencies"] });
  return renderReport({ skills: [{ analysis: a, verdict }], inputErrors: [] }, "human", { baseDir: "/r", includeDurations: false });
}

describe("human report: routing the creator can act on", () => {
  it("puts spec lint in its own block with the fix, apart from the security findings", () => {
    const text = report([f({ ruleId: "manifest.name-invalid", severity: "info", category: "spec", message: 'name "My_Skill" may contain only lowercase letters', fix: "Use `my-skill`." })]);
    expect(text).toMatch(/Fix before publishing \(Agent Skills format; not a security finding\):\n {4}- manifest\.name-invalid: name "My_Skill".*\n {6}fix: Use `my-skill`\./);
    expect(text).not.toContain("INFO (1)");
  });

  it("says an inferred network use needs review only because nothing confirmed it, and lists the inferred permissions", () => {
    const text = report([f({ ruleId: "manifest.inferred-network", severity: "info", category: "inferred-permission", file: "scripts/w.py" })]);
    expect(text).toContain("[needs review: unconfirmed, no completed behaviour run]");
    expect(text).toMatch(/Inferred permissions \(the skill declares none; an approval signs these\):.*\n {4}network: api\.weather\.invalid/);
  });
});
