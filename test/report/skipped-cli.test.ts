import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SKIP_UNNEEDED, cli, copyFixture, makeSandbox } from "../workflow/cli-harness.js";

describe("multi-skill runs say what they skipped and keep going", { timeout: 240_000 }, () => {
  it("lists every skipped subfolder with why, in human, JSON and SARIF, for scan and ci", async () => {
    const sb = await makeSandbox(["manifest"]);
    const folder = join(sb.root, "skills");
    copyFixture(sb, "benign-minimal");
    mkdirSync(join(folder, "shared-assets"), { recursive: true });
    writeFileSync(join(folder, "shared-assets", "logo.txt"), "logo\n");
    mkdirSync(join(folder, ".cache"), { recursive: true });
    const args = ["scan", folder, "--only", "manifest", "--policy", sb.policy];

    const human = await cli(args, sb.env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^skipped {2}.*skills\/\.cache {2}\(hidden folder\)$/m);
    expect(human.stdout).toMatch(/^skipped {2}.*skills\/shared-assets {2}\(no SKILL\.md: not a skill\)$/m);
    expect(human.stdout).toMatch(/1 skill: 1 approved.*; 2 folders skipped$/m);

    const json = JSON.parse((await cli([...args, "--json"], sb.env)).stdout);
    expect(json.skipped.map((k: { path: string; reason: string }) => `${k.path.split("/").pop()}: ${k.reason}`)).toEqual([".cache: hidden folder", "shared-assets: no SKILL.md: not a skill"]);
    const sarif = JSON.parse((await cli([...args, "--format", "sarif"], sb.env)).stdout);
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications.filter((n: { descriptor: { id: string } }) => n.descriptor.id === "input/skipped-folder");
    expect(notes.length).toBe(2);

    const out = join(sb.root, "ci.json");
    const ci = await cli(["ci", folder, "--policy", sb.policy, "--json", out, ...SKIP_UNNEEDED], sb.env);
    expect(ci.stdout).toContain("(no SKILL.md: not a skill)");
    expect(JSON.parse(readFileSync(out, "utf8")).skipped.length).toBe(2);
  });

  it("a PATH without SKILL.md among several is an input error; the other skills are still scanned (exit 2, not a stop)", async () => {
    const sb = await makeSandbox(["manifest"]);
    const good = copyFixture(sb, "benign-minimal");
    const bad = join(sb.root, "not-a-skill");
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, "README.md"), "nothing here\n");
    const r = await cli(["scan", bad, good, "--only", "manifest", "--policy", sb.policy, "--json"], sb.env);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json.skills.map((s: { name: string }) => s.name)).toEqual(["benign-minimal"]);
    expect(json.inputErrors).toEqual([expect.objectContaining({ code: "MISSING_SKILL_MD" })]);

    const alone = await cli(["scan", bad, "--only", "manifest", "--policy", sb.policy], sb.env);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/neither a skill \(no SKILL\.md\) nor a folder of skills/);
  });
});
