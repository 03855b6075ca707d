import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkLayers, importsOf, layerOf, LAYERS } from "./layers.js";

const SRC = join(__dirname, "..", "..", "src");

describe("src/ import direction", () => {
  it("has no upward import and no file outside a layer", () => {
    expect(checkLayers(SRC).map((v) => v.message)).toEqual([]);
  });

  it("places the stage registry above the stages and their contract below them", () => {
    expect(layerOf("stages/index.ts")).toBeLessThan(layerOf("stages/patterns/scan.ts")!);
    expect(layerOf("stages/stage.types.ts")).toBeGreaterThan(layerOf("stages/patterns/scan.ts")!);
    expect(layerOf("cli/main.ts")).toBe(0);
    expect(layerOf("errors.ts")).toBe(LAYERS.length - 1);
  });
});

describe("the checker, on a made-up tree", () => {
  let root = "";
  const write = (rel: string, text: string): void => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const tree = (extra: Record<string, string>): string => {
    root = mkdtempSync(join(tmpdir(), "layers-"));
    write("errors.ts", "export class E {}\n");
    write("workflow/submit.ts", 'import { E } from "../errors.js";\nexport const s = E;\n');
    write("cli/submit.ts", 'import { s } from "../workflow/submit.js";\nexport const c = s;\n');
    for (const [rel, text] of Object.entries(extra)) write(rel, text);
    return root;
  };

  it("passes a tree whose imports all run downward", () => {
    expect(checkLayers(tree({}))).toEqual([]);
  });

  it("reports an upward static import with its file and line", () => {
    const v = checkLayers(tree({ "snapshot/read.ts": '// reads\n\nimport type { c } from "../cli/submit.js";\nexport type R = typeof c;\n' }));
    expect(v.map((x) => x.message)).toEqual([expect.stringMatching(/^src\/snapshot\/read\.ts:3 imports \.\.\/cli\/submit\.js upward/)]);
  });

  it("reports upward multi-line, export-from and dynamic imports", () => {
    const v = checkLayers(
      tree({
        "verdict/a.ts": 'import {\n  s,\n} from "../workflow/submit.js";\nexport { c } from "../cli/submit.js";\nexport const l = () => import("../pipeline/run.js");\nexport const x = s;\n',
        "pipeline/run.ts": "export const r = 1;\n",
      }),
    );
    expect(v.map((x) => `${x.site.file}:${x.site.line} ${x.site.spec}`)).toEqual([
      "verdict/a.ts:3 ../workflow/submit.js",
      "verdict/a.ts:4 ../cli/submit.js",
      "verdict/a.ts:5 ../pipeline/run.js",
    ]);
  });

  it("reports a stage importing the registry above it", () => {
    const v = checkLayers(tree({ "stages/index.ts": "export const all = [];\n", "stages/x/index.ts": 'import { all } from "../index.js";\nexport const n = all;\n' }));
    expect(v[0]?.message).toMatch(/^src\/stages\/x\/index\.ts:1 imports \.\.\/index\.js upward/);
  });

  it("tells where to place a folder no layer knows", () => {
    const v = checkLayers(tree({ "gadgets/thing.ts": 'import { E } from "../errors.js";\nexport const t = E;\n' }));
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("src/gadgets/thing.ts is in no layer: add it to LAYERS in test/architecture/layers.ts")]);
  });

  it("ignores package imports and commented-out lines", () => {
    tree({ "errors.ts": '// import { c } from "./cli/submit.js";\nimport { join } from "node:path";\nexport const j = join;\n' });
    expect(importsOf(root, "errors.ts")).toEqual([]);
  });
});
