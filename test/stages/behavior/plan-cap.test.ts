import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { planCommands } from "../../../src/stages/behavior/plan.js";
import { behaviorConfig } from "../../../src/stages/behavior/sandbox-config.js";
import { makeContext } from "../../helpers/stage-context.js";

const ASSETS = join(import.meta.dirname, "..", "..", "..");

/** A skill with `n` helper scripts, each run once (they read no arguments). */
async function skillWithScripts(n: number) {
  const root = mkdtempSync(join(tmpdir(), "skillsign-plan-cap-"));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, "many-helpers");
  mkdirSync(join(dir, "scripts"), { recursive: true });
  writeFileSync(join(dir, "SKILL.md"), "---\nname: many-helpers\ndescription: Generates configs.\n---\n# Many helpers\n");
  for (let i = 0; i < n; i++) writeFileSync(join(dir, "scripts", `step${String(i).padStart(2, "0")}.sh`), `#!/bin/sh\necho step ${i}\n`);
  return makeContext(dir);
}

describe("behaviour plan cap (issue 10: fluentbit-generator planned 43 commands)", () => {
  it("the default cap runs a 50-command plan whole (p95 of real plans is 61)", async () => {
    const cap = behaviorConfig(ASSETS, {}).maxCommands;
    expect(cap).toBe(64);
    const plan = planCommands(await skillWithScripts(50), { promptFile: "/home/skill/input/prompt.md" }, cap);
    expect(plan.commands).toHaveLength(50);
    expect(plan.notRun.filter((n) => n.incomplete)).toEqual([]);
  });

  it("a plan past the cap is still incomplete (a skill cannot pad its payload out of the run)", async () => {
    const cap = behaviorConfig(ASSETS, {}).maxCommands;
    const plan = planCommands(await skillWithScripts(cap + 3), { promptFile: "/home/skill/input/prompt.md" }, cap);
    expect(plan.commands).toHaveLength(cap);
    expect(plan.notRun.filter((n) => n.incomplete)).toHaveLength(3);
  });
});
