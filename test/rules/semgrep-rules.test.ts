import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { execa } from "execa";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { SEMGREP_QUIET_ENV } from "../../src/stages/semgrep/invoke.js";
import { SEMGREP_PATH, SKIP_SEMGREP, toolEnv } from "./semgrep-tool.js";

const RULES_DIR = join(import.meta.dirname, "../../rules/semgrep");
const scratch = mkdtempSync(join(tmpdir(), "skillsign-rules-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function ruleFiles(dir = RULES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? ruleFiles(join(dir, e.name)) : e.name.endsWith(".yaml") ? [join(dir, e.name)] : [],
  );
}

const TEST_EXT: Record<string, string> = { python: ".py", javascript: ".js", bash: ".sh" };
const LEVELS = ["LOW", "MEDIUM", "HIGH"];

describe("semgrep rule files (house conventions, after semgrep-rules' metadata schema)", () => {
  const files = ruleFiles();

  it("ships at least 15 rules covering Python, JavaScript/TypeScript and Bash", () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    const langs = new Set(files.map((f) => relative(RULES_DIR, f).split("/")[0]));
    expect([...langs].sort()).toEqual(["bash", "javascript", "python"]);
  });

  it.each(files.map((f) => [relative(RULES_DIR, f), f]))("%s: one rule, id = file name, metadata complete, annotated test beside it", (_rel, file) => {
    const doc = parse(readFileSync(file, "utf8")) as { rules: Record<string, unknown>[] };
    expect(doc.rules).toHaveLength(1);
    const rule = doc.rules[0]!;
    const id = basename(file, ".yaml");
    expect(rule.id).toBe(id);
    expect(["ERROR", "WARNING", "INFO"]).toContain(rule.severity);
    expect(String(rule.message)).toMatch(/\bFix: \S/);
    const meta = rule.metadata as Record<string, unknown>;
    expect(meta.category).toBe("security");
    expect((meta.cwe as string[]).every((c) => /^CWE-\d+: /.test(c))).toBe(true);
    for (const k of ["confidence", "likelihood", "impact"]) expect(LEVELS).toContain(meta[k]);
    expect(meta.subcategory).toEqual(expect.arrayContaining([expect.stringMatching(/^(audit|vuln|secure default)$/)]));
    expect((meta.references as string[]).length).toBeGreaterThan(0);
    expect((meta.technology as string[]).length).toBeGreaterThan(0);

    const lang = relative(RULES_DIR, file).split("/")[0]!;
    const target = join(dirname(file), id + TEST_EXT[lang]);
    const text = readFileSync(target, "utf8");
    expect(text).toContain(`ruleid: ${id}`);
    expect(text).toContain(`ok: ${id}`);
  });
});

describe.skipIf(SKIP_SEMGREP)("semgrep's own checks on rules/semgrep", () => {
  const env = toolEnv(SEMGREP_QUIET_ENV);

  it("semgrep --test: every ruleid: line matches and no ok: line does", async () => {
    const r = await execa(SEMGREP_PATH!, ["--test", "--json", "--metrics=off", "--disable-version-check", RULES_DIR], {
      env, extendEnv: false, reject: false, cwd: scratch,
    });
    const out = JSON.parse(r.stdout) as {
      config_with_errors: unknown[];
      config_missing_tests: unknown[];
      results: Record<string, { checks: Record<string, { passed: boolean; matches: unknown }> }>;
    };
    expect(out.config_with_errors).toEqual([]);
    expect(out.config_missing_tests).toEqual([]);
    const failed = Object.values(out.results).flatMap((r) => Object.entries(r.checks).filter(([, c]) => !c.passed));
    expect(failed).toEqual([]);
    expect(Object.keys(out.results).length).toBe(ruleFiles().length);
    expect(r.exitCode).toBe(0);
  }, 300_000);

  // `semgrep --validate` also downloads p/semgrep-rule-lints from the registry, which this offline
  // machine cannot reach; loading the rules with --strict is the offline part of the same check.
  it("semgrep loads every rule with --strict and reports no configuration error", async () => {
    const empty = mkdtempSync(join(scratch, "empty-"));
    const r = await execa(SEMGREP_PATH!, ["scan", "--strict", "--json", "--metrics=off", "--disable-version-check", "--config", RULES_DIR, empty], {
      env, extendEnv: false, reject: false, cwd: scratch,
    });
    const out = JSON.parse(r.stdout) as { errors: unknown[] };
    expect(out.errors).toEqual([]);
    expect(r.exitCode).toBe(0);
  }, 300_000);
});
