import { describe, expect, it } from "vitest";
import { frontmatterAmbiguities } from "../../src/skill/ambiguity.js";
import { parseSkillMd } from "../../src/skill/frontmatter.js";

const md = (fm: string) => `---\nname: amb\ndescription: test\n${fm}---\nbody\n`;

describe("frontmatterAmbiguities (refused at signing and verification)", () => {
  const refused: Array<[string, RegExp]> = [
    ["network: yes\n", /"yes" is a boolean in YAML 1\.1/],
    ["network: Off # no\n", /"Off"/],
    ["flags: [a, on]\n", /"on"/],
    ["flags:\n  - n\n", /"n"/],
    ["on: 1\n", /"on"/],
    ["d: &d\n  allowed-tools: Bash(rm:*)\nm:\n  <<: *d\n", /merge key/],
    ["allowed-tools: Read\nallowed_tools: Bash(*)\n", /both "allowed-tools" and "allowed_tools"/],
    ["metadata:\n  openclaw:\n    allowed-tools: a\n    allowed_tools: b\n", /both/],
  ];
  for (const [fm, message] of refused) {
    it(`refuses ${JSON.stringify(fm)}`, () => {
      const problems = frontmatterAmbiguities(md(fm));
      expect(problems.join("\n")).toMatch(message);
    });
  }

  const accepted = ["network: true\n", 'network: "yes"\n', "description2: Use it on files when no one looks\n", "allowed-tools: Read Bash(git status:*)\n", "list: [yesterday, only, none]\n"];
  for (const fm of accepted) {
    it(`accepts ${JSON.stringify(fm)}`, () => {
      expect(frontmatterAmbiguities(md(fm))).toEqual([]);
    });
  }

  it("duplicate keys never get this far: the frontmatter parser refuses them", () => {
    expect(parseSkillMd(md("network: a\nnetwork: b\n")).ok).toBe(false);
  });
});
