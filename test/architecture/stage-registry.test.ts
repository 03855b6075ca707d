import { describe, expect, it } from "vitest";
import { InternalError } from "../../src/errors.js";
import { checkRegistry, loadStage, STAGES } from "../../src/stages/index.js";
import type { Stage, StageOutput } from "../../src/stages/stage.types.js";

const out = (stage: Stage["id"]): StageOutput<{ n: number }> => ({ stage, is: (d): d is { n: number } => typeof (d as { n?: unknown })?.n === "number" });
const stage = (id: Stage["id"], extra: Partial<Stage> = {}): Stage => ({
  id,
  version: "1",
  appliesTo: () => ({ applies: true }),
  run: async () => ({ status: "passed", findings: [] }),
  ...extra,
});

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof InternalError ? `${err.code}: ${err.message}` : `not coded: ${String(err)}`;
  }
  return undefined;
}

describe("the stage registry", () => {
  it("declares the outputs later stages read: build's image for image-scan and behaviour, manifest's risk for behaviour", () => {
    const byId = new Map(STAGES.map((s) => [s.id, s]));
    expect(byId.get("image-scan")?.reads).toEqual([byId.get("build")?.output]);
    expect(byId.get("behavior")?.reads).toEqual([byId.get("manifest")?.output, byId.get("build")?.output]);
  });

  it("describes each stage exactly as its code declares it (id, version, outputs, reads, requires, overlap)", async () => {
    for (const d of STAGES) {
      const s = await loadStage(d);
      expect([s.id, s.version, s.output, s.reads, s.requires, s.overlaps]).toEqual([d.id, d.version, d.output, d.reads, d.requires, d.overlaps]);
      expect(s.output).toBe(d.output);
    }
  });

  it("refuses a stage whose code disagrees with its registry entry", async () => {
    const real = STAGES[0]!;
    const wrong = { ...real, version: "0-wrong" };
    await expect(loadStage(wrong)).rejects.toThrow(/does not match its registry entry/);
  });

  it("accepts a stage reading an earlier stage's declared output", () => {
    const a = out("build");
    expect(code(() => checkRegistry([stage("build", { output: a }), stage("behavior", { reads: [a] })]))).toBeUndefined();
  });

  it("refuses a read of a stage that runs later", () => {
    const a = out("build");
    expect(code(() => checkRegistry([stage("behavior", { reads: [a] }), stage("build", { output: a })]))).toBe("STAGE_REGISTRY: stage behavior reads the output of build, which must run before it");
  });

  it("refuses a read of an output the writer does not declare", () => {
    expect(code(() => checkRegistry([stage("build"), stage("behavior", { reads: [out("build")] })]))).toBe("STAGE_REGISTRY: stage behavior reads an output that build does not declare");
  });

  it("refuses a requirement on a later stage, a duplicate id, a borrowed output and an overlapping reader", () => {
    expect(code(() => checkRegistry([stage("image-scan", { requires: ["build"] }), stage("build")]))).toMatch(/^STAGE_REGISTRY: stage image-scan requires build/);
    expect(code(() => checkRegistry([stage("build"), stage("build")]))).toBe("STAGE_REGISTRY: stage registered twice: build");
    expect(code(() => checkRegistry([stage("build", { output: out("manifest") })]))).toBe("STAGE_REGISTRY: stage build declares the output of manifest");
    const a = out("manifest");
    expect(code(() => checkRegistry([stage("manifest", { output: a }), stage("semgrep", { overlaps: true, reads: [a] })]))).toMatch(/overlaps other stages/);
  });
});
