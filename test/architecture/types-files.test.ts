import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tsFiles } from "./layers.js";

const SRC = join(__dirname, "..", "..", "src");
// A function declaration, or a const bound to an arrow/function expression.
const RUNTIME_FN = /^export\s+(?:async\s+)?(?:function\b|class\b|const\s+[\w$]+\s*(?::[^=]+)?=\s*(?:async\s+)?(?:\([^)]*\)\s*(?::[^=]+)?=>|function\b))/m;

/** The lines of a `*.types.ts` file that export code rather than types or constant tables. */
export function runtimeExports(text: string): string[] {
  return text.split("\n").filter((l) => RUNTIME_FN.test(l));
}

describe("*.types.ts files", () => {
  it("export types and constant tables only, never functions or classes", () => {
    const offenders = tsFiles(SRC)
      .filter((f) => f.endsWith(".types.ts"))
      .flatMap((f) => runtimeExports(readFileSync(join(SRC, f), "utf8")).map((l) => `src/${f}: ${l.trim()}`));
    expect(offenders).toEqual([]);
  });

  it("the check catches a function, an arrow const and a class", () => {
    const text = 'export type A = 1;\nexport const NAMES = ["a"] as const;\nexport function f() {}\nexport const g = (n: number): string => "";\nexport class C {}\n';
    expect(runtimeExports(text)).toEqual(["export function f() {}", 'export const g = (n: number): string => "";', "export class C {}"]);
  });
});
