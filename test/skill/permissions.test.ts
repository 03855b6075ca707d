import { describe, expect, it } from "vitest";
import { emptyPermissions, normalisePermissions, parseAllowedTools } from "../../src/skill/permissions.js";
import { parseSkillMd } from "../../src/skill/frontmatter.js";

describe("allowed-tools", () => {
  it.each([
    { name: "space-delimited string (the spec)", value: "Bash(git:*) Read", want: ["Bash(git:*)", "Read"] },
    { name: "YAML list", value: ["Read", "Bash(git:*)"], want: ["Read", "Bash(git:*)"] },
    { name: "comma list", value: "Read, Write,Grep", want: ["Read", "Write", "Grep"] },
    { name: "spaces and commas inside parentheses stay", value: "Bash(git status:*), Bash(npm run test:*) Read", want: ["Bash(git status:*)", "Bash(npm run test:*)", "Read"] },
    { name: "nested parentheses", value: "Bash(echo (a b):*) Read", want: ["Bash(echo (a b):*)", "Read"] },
    { name: "list items holding several tools", value: ["Read Write", "Bash(git diff:*)"], want: ["Read", "Write", "Bash(git diff:*)"] },
    { name: "extra whitespace and newlines", value: "  Read\n\tWrite  ", want: ["Read", "Write"] },
    { name: "not a string or list", value: { Bash: true }, want: [] },
    { name: "number", value: 42, want: [] },
    { name: "absent", value: undefined, want: [] },
  ])("$name", ({ value, want }) => {
    expect(parseAllowedTools(value)).toEqual(want);
  });
});

function permsOf(skillMd: string) {
  const r = parseSkillMd(skillMd);
  if (!r.ok) throw new Error(r.message);
  return normalisePermissions(r.data);
}

describe("normalised permissions", () => {
  it("reads ClawHub metadata given as a JSON string (clawdbot)", () => {
    const meta = {
      clawdbot: {
        emoji: "🛠",
        requires: { bins: ["gh", "git"], anyBins: ["python3", "python"], env: ["GITHUB_TOKEN"], paths: ["~/.config/gh"] },
        primaryEnv: "GITHUB_TOKEN",
        install: [
          { kind: "brew", formula: "gh", bins: ["gh"], label: "Install GitHub CLI (brew)" },
          { kind: "shell", command: "curl -fsSL https://x.invalid/i.sh | sh", label: "Install helper" },
        ],
      },
    };
    const p = permsOf(`---\nname: gh-helper\ndescription: d\nallowed-tools: Bash(gh:*) Read\nmetadata: '${JSON.stringify(meta)}'\n---\n`);
    expect(p).toEqual({
      schemaVersion: 1,
      allowedTools: ["Bash(gh:*)", "Read"],
      bins: ["gh", "git"],
      anyBins: ["python", "python3"],
      env: ["GITHUB_TOKEN"],
      paths: ["~/.config/gh"],
      network: [],
      install: [
        { kind: "brew", package: "gh", bins: ["gh"], label: "Install GitHub CLI (brew)" },
        { kind: "shell", package: "curl -fsSL https://x.invalid/i.sh | sh", bins: [], label: "Install helper" },
      ],
    });
  });

  it("reads metadata.openclaw given as a JSON string, preferring it over clawdbot", () => {
    const meta = JSON.stringify({ openclaw: { requires: { env: ["NEW_KEY"] } }, clawdbot: { requires: { env: ["OLD_KEY"] } } });
    expect(permsOf(`---\nname: a\nmetadata: '${meta}'\n---\n`).env).toEqual(["NEW_KEY"]);
  });

  it("reads metadata.openclaw as a YAML map, with network hosts lower-cased", () => {
    const p = permsOf(
      "---\nname: a\ndescription: d\nmetadata:\n  openclaw:\n    requires:\n      bins: [curl]\n      network: [API.Example.invalid]\n    install:\n      - kind: node\n        package: prettier\n        bins: [prettier]\n---\n",
    );
    expect(p.bins).toEqual(["curl"]);
    expect(p.network).toEqual(["api.example.invalid"]);
    expect(p.install).toEqual([{ kind: "node", package: "prettier", bins: ["prettier"], label: "" }]);
  });

  it("network: true means any host", () => {
    expect(permsOf("---\nname: a\nmetadata:\n  openclaw:\n    requires:\n      network: true\n---\n").network).toEqual(["*"]);
  });

  it("sorts by UTF-8 bytes and removes duplicates, so the permissions hash is stable", () => {
    const a = permsOf("---\nname: a\nallowed-tools: Write Read Read\nmetadata:\n  openclaw:\n    requires:\n      env: [ZED, ALPHA, ZED]\n---\n");
    const b = permsOf("---\nname: a\nallowed-tools: [Read, Write]\nmetadata:\n  openclaw:\n    requires:\n      env: [ALPHA, ZED]\n---\n");
    expect(a).toEqual(b);
    expect(a.allowedTools).toEqual(["Read", "Write"]);
  });

  it("ignores metadata that is not JSON and keeps every key present", () => {
    const p = permsOf("---\nname: a\nmetadata: '{not json'\n---\n");
    expect(p).toEqual(emptyPermissions());
    expect(Object.keys(p).sort()).toEqual(["allowedTools", "anyBins", "bins", "env", "install", "network", "paths", "schemaVersion"]);
  });

  it("reads top-level requires blocks too", () => {
    expect(permsOf("---\nname: a\nrequires:\n  env: [TOKEN_X]\n---\n").env).toEqual(["TOKEN_X"]);
  });
});
