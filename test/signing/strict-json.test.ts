// parseStrictJson refuses duplicate and __proto__ keys wherever they sit, including after strings
// with escaped quotes and backslashes (the scanner must find each string's real end).
import { describe, expect, it } from "vitest";
import { duplicateKeyProblem, parseStrictJson } from "../../src/signing/strict-json.js";

describe("strict JSON", () => {
  it("finds duplicate and __proto__ keys after escaped quotes and backslashes", () => {
    expect(duplicateKeyProblem(`{"a":"x\\"y","a":1}`)).toBe(`duplicate key "a"`);
    expect(duplicateKeyProblem(`{"a":"x\\\\","a":1}`)).toBe(`duplicate key "a"`);
    expect(duplicateKeyProblem(`{"a":"\\\\\\"","b":{"__proto__":1}}`)).toBe(`the key "__proto__" is not allowed`);
    expect(duplicateKeyProblem(`{"p":"${"QUJD".repeat(2000)}","sigs":[{"k":1},{"k":2}]}`)).toBeUndefined();
    expect(duplicateKeyProblem(`{"a\\"":1,"a":2}`)).toBeUndefined();
    expect(duplicateKeyProblem(`{"\\u0061":1,"a":2}`)).toBe(`duplicate key "a"`);
  });

  it("agrees with a reference scan on random JSON built from tricky strings", () => {
    const pieces = ["a", "b", '"', "\\", "\\\\", "__proto__", "x"];
    let seed = 3;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const str = () => Array.from({ length: Math.floor(next() * 4) }, () => pieces[Math.floor(next() * pieces.length)]).join("");
    for (let i = 0; i < 3000; i++) {
      const obj: Array<[string, string]> = Array.from({ length: 1 + Math.floor(next() * 3) }, () => [str(), str()]);
      const text = `{${obj.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`;
      const keys = obj.map(([k]) => k);
      const expected = keys.includes("__proto__") || new Set(keys).size !== keys.length;
      expect(duplicateKeyProblem(text) !== undefined, text).toBe(expected);
    }
    expect(() => parseStrictJson(`{"a":1,"a":2}`, "x")).toThrow(/duplicate key/);
  });
});
