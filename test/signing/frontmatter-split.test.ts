// splitFrontmatter replaces gray-matter on the verify path (cold start); it must split exactly
// like gray-matter 4.0.3 did, or signatures made before would stop verifying.
import matter from "gray-matter";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { splitFrontmatter } from "../../src/skill/frontmatter-split.js";
import { parseSkillMd } from "../../src/skill/frontmatter.js";

const parse = (src: string) => YAML.parse(src) ?? {};
const viaGrayMatter = (text: string) => {
  const r = matter(text, { language: "yaml", engines: { yaml: { parse, stringify: () => "" } } as never });
  return { data: r.data, content: r.content };
};

const inputs = [
  "---\nname: a\n---\nbody\n",
  "---\nname: a\n---\n\nbody after blank\n",
  "---yaml\nname: a\n---\nbody",
  "---yml\nname: a\n---\r\nbody",
  "--- \nname: a\n---\nx",
  "---\n---\nempty frontmatter\n",
  "---\n# only a comment\n---\nbody\n",
  "---\nname: a\ndescription: has --- inside\n---\nbody --- more\n---\nlater",
  "---\nname: a\n----\nfour dashes close\n",
  "---\nname: a\n--- trailing\nrest\n",
  "---\nname: a\n---",
  "---\nname: a\n",
  "----\nnot frontmatter\n",
  "no frontmatter\n",
  "",
  "\uFEFF---\nname: bom\n---\nbody\n",
  "---\nname: a\nexcerpt_separator: <!-- more -->\n---\nintro <!-- more --> rest\n",
];

describe("splitFrontmatter = gray-matter's split", () => {
  for (const text of inputs) {
    it(JSON.stringify(text.slice(0, 40)), () => {
      expect(splitFrontmatter(text, parse)).toEqual(viaGrayMatter(text));
    });
  }

  it("parseSkillMd no longer loads gray-matter but still refuses executable frontmatter", () => {
    expect(parseSkillMd("---js\n{ name: require('fs') }\n---\nx").ok).toBe(false);
    const ok = parseSkillMd("---\nname: a\n---\nbody\n");
    expect(ok).toMatchObject({ ok: true, data: { name: "a" }, body: "body\n", bodyStartLine: 4 });
  });
});
