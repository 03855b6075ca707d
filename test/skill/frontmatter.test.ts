import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import matter from "gray-matter";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_FRONTMATTER_BYTES, parseSkillMd, type FrontmatterProblem } from "../../src/skill/frontmatter.js";

const scratch = mkdtempSync(join(tmpdir(), "skillsign-frontmatter-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** JavaScript frontmatter that writes `marker` when evaluated. */
function jsFrontmatter(fence: string, marker: string): string {
  return `${fence}\n{ name: (require("fs").writeFileSync(${JSON.stringify(marker)}, "executed"), "x"), description: "d" }\n---\n\nBody\n`;
}

function problemOf(text: string): FrontmatterProblem | "ok" {
  const r = parseSkillMd(text);
  return r.ok ? "ok" : r.problem;
}

describe("executable frontmatter never runs", () => {
  it("the payload really runs under gray-matter's defaults (control)", () => {
    const marker = join(scratch, "control-marker");
    matter(jsFrontmatter("---js", marker));
    expect(existsSync(marker)).toBe(true);
  });

  it.each(["---js", "---javascript", "--- js", "---JS", "---Javascript ", "---coffee", "---toml"])("%s is refused without evaluation", (fence) => {
    const marker = join(scratch, `marker-${fence.replace(/\W/g, "_")}`);
    const r = parseSkillMd(jsFrontmatter(fence, marker));
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.problem).toBe("EXECUTABLE_FRONTMATTER");
    expect(existsSync(marker)).toBe(false);
  });

  it("an explicit ---yaml fence is accepted", () => {
    expect(parseSkillMd("---yaml\nname: a\n---\n")).toMatchObject({ ok: true, data: { name: "a" } });
  });

  it("YAML tags cannot build functions or pollute prototypes", () => {
    const r = parseSkillMd('---\nname: a\nf: !!js/function "function () { return 1 }"\n__proto__:\n  polluted: true\n---\n');
    const data = r.ok ? r.data : {};
    expect(typeof data.f).not.toBe("function");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("resource limits", () => {
  const bomb = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    .concat("bcdefgh".split("").map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(",")}]`))
    .concat(["---", ""])
    .join("\n");

  it("an alias bomb stops at the alias limit, quickly", () => {
    const started = Date.now();
    expect(problemOf(bomb)).toBe("YAML_ALIAS_LIMIT");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it.each([
    { name: "25 flow levels", text: `---\nd: ${"[".repeat(25)}${"]".repeat(25)}\n---\n`, want: "YAML_TOO_DEEP" },
    { name: "20000 flow levels (would overflow the parser's stack)", text: `---\nd: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n---\n`, want: "YAML_TOO_DEEP" },
    { name: "30 block levels", text: `---\n${Array.from({ length: 30 }, (_, i) => `${"  ".repeat(i)}k${i}:`).join("\n")} 1\n---\n`, want: "YAML_TOO_DEEP" },
    { name: "brackets inside a quoted string", text: `---\nname: a\ndescription: "${"[".repeat(40)}"\n---\n`, want: "ok" },
    { name: "ordinary nesting (metadata.openclaw.requires.bins)", text: "---\nmetadata:\n  openclaw:\n    requires:\n      bins: [git]\n---\n", want: "ok" },
    { name: "frontmatter over the size limit", text: `---\nname: a\ndescription: "${"x".repeat(MAX_FRONTMATTER_BYTES)}"\n---\n`, want: "FRONTMATTER_TOO_LARGE" },
  ])("$name → $want", ({ text, want }) => {
    expect(problemOf(text)).toBe(want);
  });
});

describe("shape and encoding", () => {
  it.each([
    { name: "missing frontmatter", text: "# Title\n\nno header\n", want: "NO_FRONTMATTER" },
    { name: "empty file", text: "", want: "NO_FRONTMATTER" },
    { name: "frontmatter not on the first line", text: "\n---\nname: a\n---\n", want: "NO_FRONTMATTER" },
    { name: "unclosed frontmatter", text: "---\nname: a\ndescription: b\n\n# Body\n", want: "FRONTMATTER_NOT_CLOSED" },
    { name: "frontmatter is a list", text: "---\n- name: a\n- description: b\n---\n", want: "NOT_A_MAP" },
    { name: "frontmatter is a scalar", text: "---\njust a string\n---\n", want: "NOT_A_MAP" },
    { name: "invalid YAML", text: "---\nname: a\ndescription: [unclosed\n---\n", want: "YAML_ERROR" },
    { name: "duplicate keys", text: "---\nname: a\nname: b\n---\n", want: "YAML_ERROR" },
    { name: "tab indentation", text: "---\nmetadata:\n\tk: v\n---\n", want: "YAML_ERROR" },
  ])("$name → $want", ({ text, want }) => {
    expect(problemOf(text)).toBe(want);
  });

  it("reports the line of a YAML error in SKILL.md terms", () => {
    const r = parseSkillMd("---\nname: a\ndescription: b\nbad: [x\n---\n");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.line).toBeGreaterThanOrEqual(4);
  });

  it("accepts a UTF-8 BOM and CRLF line endings", () => {
    const r = parseSkillMd("\uFEFF---\r\nname: bom-crlf\r\ndescription: Works on Windows.\r\n---\r\n\r\n# Body\r\nline\r\n");
    expect(r).toMatchObject({ ok: true, data: { name: "bom-crlf", description: "Works on Windows." } });
    if (r.ok) {
      expect(r.body).not.toContain("\r");
      expect(r.body).toContain("# Body\nline\n");
      expect(r.bodyStartLine).toBe(5);
    }
  });

  it("knows on which line the body starts", () => {
    const r = parseSkillMd("---\nname: a\ndescription: b\n---\nfirst body line\n");
    expect(r).toMatchObject({ ok: true, bodyStartLine: 5 });
    if (r.ok) expect(r.body.startsWith("first body line")).toBe(true);
  });

  it("an empty frontmatter is an empty map (the manifest stage reports the missing fields)", () => {
    expect(parseSkillMd("---\n---\nbody\n")).toMatchObject({ ok: true, data: {} });
  });
});
