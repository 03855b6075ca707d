import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tsFiles } from "./layers.js";

const SRC = join(__dirname, "..", "..", "src");

describe("what gets signed", () => {
  it("is built by one function (workflow/sign-request.ts signingInput) for the pipeline, reviewers and `sign`", () => {
    const calls = tsFiles(SRC)
      .filter((f) => !f.startsWith("signing/"))
      .flatMap((f) => {
        const text = readFileSync(join(SRC, f), "utf8");
        return [...text.matchAll(/\bsignSkill\(\s*([^,\n]{0,40})/g)].map((m) => `src/${f}: signSkill(${m[1]}`);
      });
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => !c.includes("signSkill(signingInput("))).toEqual([]);
  });

  it("is reached from the three approvals", () => {
    const read = (f: string) => readFileSync(join(SRC, f), "utf8");
    expect(read("workflow/process-skills.ts")).toMatch(/pipelineSignRequest\(|signRequest\(/);
    expect(read("workflow/review.ts")).toMatch(/signRequest\(\s*o\.signer,\s*\{ by: "reviewer"/);
    expect(read("workflow/sign-by-hand.ts")).toMatch(/signingInput\(\{ by: "manual"/);
    expect(read("cli/sign.ts")).not.toMatch(/signSkill|takeSnapshot/);
  });
});
