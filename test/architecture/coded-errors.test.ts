import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tsFiles } from "./layers.js";

const SRC = join(__dirname, "..", "..", "src");

/** `file:line` of every plain Error (or TypeError/RangeError) src/ constructs: each must be a coded BaseError. */
function plainErrors(): string[] {
  return tsFiles(SRC).flatMap((f) =>
    readFileSync(join(SRC, f), "utf8")
      .split("\n")
      .flatMap((l, i) => (/\bnew (?:Type|Range|Syntax)?Error\(/.test(l) ? [`src/${f}:${i + 1}: ${l.trim()}`] : [])),
  );
}

/** Reads of another stage's `data` that bypass the declared, typed outputs (src/stages/output.ts). */
function untypedStageReads(): string[] {
  return tsFiles(SRC)
    .filter((f) => f.startsWith("stages/") && f !== "stages/output.ts")
    .flatMap((f) =>
      readFileSync(join(SRC, f), "utf8")
        .split("\n")
        .flatMap((l, i) => (/results\.get\([^)]*\)\??\.data\b/.test(l) ? [`src/${f}:${i + 1}: ${l.trim()}`] : [])),
    );
}

describe("errors and stage data", () => {
  it("src/ throws only coded errors (src/errors.ts BaseError subclasses)", () => {
    expect(plainErrors()).toEqual([]);
  });

  it("stages read other stages' data only through readOutput and a declared output", () => {
    expect(untypedStageReads()).toEqual([]);
  });
});
