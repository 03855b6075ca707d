import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { isKnownRule } from "../../src/report/rule-catalog.js";

const STAGES = resolve(import.meta.dirname, "../../src/stages");

function sources(dir: string): Array<{ stage: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => ({ stage: join(e.parentPath, e.name).slice(STAGES.length + 1).split("/")[0]!, text: readFileSync(join(e.parentPath, e.name), "utf8") }));
}

describe("every rule id a stage writes in code is known to review waive", () => {
  it("literal ids and `rule:` names of behavior/dependencies", () => {
    const ids = new Set<string>();
    for (const { stage, text } of sources(STAGES)) {
      for (const m of text.matchAll(/ruleId: "([a-z-]+\.[a-z0-9-]+)"/g)) ids.add(m[1]!);
      const prefix = stage === "image-build" ? "build" : stage;
      if (stage === "behavior" || stage === "dependencies") for (const m of text.matchAll(/\brule: "([a-z0-9-]+)"/g)) ids.add(`${prefix}.${m[1]}`);
    }
    expect(ids.size).toBeGreaterThan(30);
    expect([...ids].filter((id) => !isKnownRule(id))).toEqual([]);
  });
});
