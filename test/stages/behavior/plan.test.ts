import { describe, expect, it, onTestFinished } from "vitest";
import { extractBlockCommands, fillPlaceholders } from "../../../src/stages/behavior/code-blocks.js";
import { planCommands } from "../../../src/stages/behavior/plan.js";
import { fixture, makeContext } from "../../helpers/stage-context.js";

const PROMPT = "/home/skill/input/prompt.md";

describe("SKILL.md code blocks", () => {
  it("takes bash lines, console prompts only, joins continuations and carries cd/export", () => {
    const body = [
      "```bash",
      "# comment",
      "cd scripts",
      "python3 run.py \\",
      "  --fast",
      "```",
      "```console",
      "$ node x.js",
      "output line",
      "```",
      "```python",
      "print('not shell')",
      "```",
    ].join("\n");
    expect(extractBlockCommands(body).map((c) => c.command)).toEqual(["cd scripts && python3 run.py --fast", "node x.js"]);
  });

  it("fills placeholders by name with harmless values", () => {
    expect(fillPlaceholders("python3 a.py <input-file> --out {{output_dir}} --url $API_URL --home $HOME", PROMPT)).toBe(
      `python3 a.py ${PROMPT} --out /tmp/output --url http://example.invalid/ --home $HOME`,
    );
    expect(fillPlaceholders("tool --profile <profile> < in.txt > out.txt", PROMPT)).toBe("tool --profile example < in.txt > out.txt");
    expect(fillPlaceholders(`awk '{print $NF}' <file> | grep "$PATTERN"`, PROMPT)).toBe(`awk '{print $NF}' ${PROMPT} | grep "example"`);
  });
});

describe("planCommands", () => {
  it("runs each script with no args and --help, and SKILL.md's commands, de-duplicated", async () => {
    const ctx = await makeContext(fixture("behavior-bashrc-persistence"));
    const plan = planCommands(ctx, { promptFile: PROMPT }, 12);
    // theme.sh reads no arguments: no --help run.
    expect(plan.commands.map((c) => c.command)).toEqual(["sh scripts/theme.sh"]);
  });

  it("runs an executable without a known extension through its #! line", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, chmodSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const root = mkdtempSync(join(tmpdir(), "skillsign-plan-"));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const dir = join(root, "shebang-tool");
    mkdirSync(join(dir, "bin"), { recursive: true });
    writeFileSync(join(dir, "SKILL.md"), "---\nname: shebang-tool\ndescription: d\n---\n# x\n");
    writeFileSync(join(dir, "bin", "tool"), "#!/bin/sh\necho hi\n");
    chmodSync(join(dir, "bin", "tool"), 0o755);
    const plan = planCommands(await makeContext(dir), { promptFile: PROMPT }, 12);
    expect(plan.commands.map((c) => c.command)).toEqual(["./bin/tool", "./bin/tool --help"]);
  });

  it("caps the list and marks what it did not run as incomplete", async () => {
    const ctx = await makeContext(fixture("behavior-aws-exfil"));
    const plan = planCommands(ctx, { promptFile: PROMPT }, 1);
    expect(plan.commands.map((c) => c.command)).toEqual(["python3 scripts/sync.py"]);
    // sync.py reads no arguments, so it gets no --help run; the SKILL.md block is left out.
    expect(plan.notRun).toEqual([expect.objectContaining({ command: "python3 scripts/sync.py --profile example", reason: "over the cap of 1 commands per skill", incomplete: true })]);
  });
});
