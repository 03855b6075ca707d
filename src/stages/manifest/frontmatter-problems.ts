import type { Finding, Severity } from "../../findings.types.js";
import type { FrontmatterProblem, ParsedSkillMd } from "../../skill/frontmatter.js";
import { manifestFinding } from "./finding.js";

interface ProblemRule {
  ruleId: string;
  severity: Severity;
  fix: string;
}

/** One rule per parser problem, so reports and policies can tell them apart. */
const PROBLEM_RULES: Record<FrontmatterProblem, ProblemRule> = {
  EXECUTABLE_FRONTMATTER: {
    ruleId: "manifest.executable-frontmatter",
    severity: "critical",
    fix: "Use plain YAML frontmatter that starts with `---` alone on the first line.",
  },
  YAML_ALIAS_LIMIT: {
    ruleId: "manifest.yaml-bomb",
    severity: "high",
    fix: "Remove YAML anchors and aliases (&name / *name) from the frontmatter.",
  },
  YAML_TOO_DEEP: {
    ruleId: "manifest.yaml-too-deep",
    severity: "high",
    fix: "Flatten the frontmatter: skills need only a few levels of keys.",
  },
  FRONTMATTER_TOO_LARGE: {
    ruleId: "manifest.frontmatter-too-large",
    severity: "high",
    fix: "Keep the frontmatter short (name, description, metadata) and move the rest into the body or references/.",
  },
  NO_FRONTMATTER: {
    ruleId: "manifest.no-frontmatter",
    severity: "medium",
    fix: "Start SKILL.md with a `---` block holding at least `name:` and `description:`.",
  },
  FRONTMATTER_NOT_CLOSED: {
    ruleId: "manifest.unclosed-frontmatter",
    severity: "medium",
    fix: "Close the frontmatter with a line holding only `---`.",
  },
  YAML_ERROR: {
    ruleId: "manifest.invalid-yaml",
    severity: "medium",
    fix: "Fix the YAML syntax at the reported line (quote values that contain `:` or `#`).",
  },
  NOT_A_MAP: {
    ruleId: "manifest.frontmatter-not-a-map",
    severity: "medium",
    fix: "Write the frontmatter as `key: value` lines, not a list or a single value.",
  },
  NOT_UTF8: {
    ruleId: "manifest.not-utf8",
    severity: "medium",
    fix: "Save SKILL.md as UTF-8 text.",
  },
};

export function frontmatterProblemRuleId(problem: FrontmatterProblem): string {
  return PROBLEM_RULES[problem].ruleId;
}

export function frontmatterFindings(parsed: ParsedSkillMd, skillMdPath: string): Finding[] {
  if (parsed.ok) return [];
  const rule = PROBLEM_RULES[parsed.problem];
  return [
    manifestFinding({
      ruleId: rule.ruleId,
      severity: rule.severity,
      category: "frontmatter",
      confidence: "high",
      message: parsed.message,
      file: skillMdPath,
      line: parsed.line ?? 1,
      fix: rule.fix,
    }),
  ];
}
