import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// The same harness as `npm run bench:concurrency` (8 x 25), at a size the suite can afford.
import { checkStore, runConcurrency } from "../../bench/concurrency/concurrency.mjs";
import { generateKeyPair } from "../../src/signing/index.js";

describe("when several submit processes share one store", () => {
  it("records every submission exactly once with a consistent audit log and contiguous signature sequences", async () => {
    const key = await generateKeyPair(join(mkdtempSync(join(tmpdir(), "skillsign-conc-key-")), "keys"), { passphrase: "pw-conc", scryptN: 2 ** 10 });
    const r = await runConcurrency({ procs: 4, each: 5, signingEnv: { SKILLSIGN_SIGNING_KEY: key.keyPath, SKILLSIGN_KEY_PASSPHRASE: "pw-conc" } });
    expect(r.problems).toEqual([]);
    expect(r.submitted).toHaveLength(20);
    expect(new Set(r.submitted.map((s: { id: number }) => s.id)).size).toBe(20);
  }, 180_000);

  it("the checker itself notices a lost submission", async () => {
    const r = await runConcurrency({ procs: 1, each: 1 });
    expect(r.problems).toEqual([]);
    const problems = checkStore(join(r.home, "skillsign.db"), [...r.submitted, { id: 999, fixture: "x", want: "approved", worker: 0 }], 2, false);
    expect(problems).toContain("1 submissions recorded, want 2");
    expect(problems).toContain("submission 999 reported but not stored");
  }, 60_000);
});
