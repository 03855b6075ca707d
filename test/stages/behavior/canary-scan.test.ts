import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CanaryStreamScanner, scanFile } from "../../../src/stages/behavior/canary-scan.js";
import { findCanaries, type Canary } from "../../../src/stages/behavior/canaries.js";
import { diskUsage, fileStates, MAX_WORKSPACE_ENTRIES } from "../../../src/stages/behavior/workspace.js";

const SECRET: Canary = { label: "GITHUB_TOKEN", value: "ghp_Q7zjW2c9LmXb4TnVr8KdPs1YhGf3Ae6UoI0N", kind: "secret" };
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), "skillsign-canary-scan-"));
  temps.push(d);
  return d;
};

describe("streaming canary search", () => {
  it("finds a value split across chunks, in raw and base64 form, and nothing in clean data", () => {
    const raw = Buffer.from(`${"x".repeat(5000)}${SECRET.value}${"y".repeat(10)}`);
    for (const cut of [5001, 5010, 5030]) {
      const s = new CanaryStreamScanner([SECRET]);
      s.push(raw.subarray(0, cut));
      s.push(raw.subarray(cut));
      expect(findCanaries(s.excerptText(), [SECRET])).toEqual([SECRET]);
    }
    const b64 = new CanaryStreamScanner([SECRET]);
    const enc = Buffer.from(`prefix ${Buffer.from(`token=${SECRET.value}`).toString("base64")} suffix`);
    for (let i = 0; i < enc.length; i += 7) b64.push(enc.subarray(i, i + 7));
    expect(b64.found().map((h) => h.canary)).toEqual([SECRET]);
    const clean = new CanaryStreamScanner([SECRET]);
    clean.push(Buffer.from("ghp_ nothing here"));
    expect(clean.found()).toEqual([]);
  });

  it("searches a whole file, past the old 1 MiB cap", async () => {
    const d = temp();
    writeFileSync(join(d, "big.txt"), `${".".repeat(3 * 1024 * 1024)}${SECRET.value}\n`);
    const s = await scanFile(join(d, "big.txt"), [SECRET]);
    expect(s?.bytes).toBe(3 * 1024 * 1024 + SECRET.value.length + 1);
    expect(s?.found().map((h) => h.canary.label)).toEqual(["GITHUB_TOKEN"]);
  });
});

describe("workspace walking", () => {
  it("hashes whole files (a change past 8 MiB is a change)", async () => {
    const d = temp();
    const big = Buffer.alloc(9 * 1024 * 1024, 0x61);
    writeFileSync(join(d, "f"), big);
    const before = (await fileStates(d)).files.get("f")!.sha256;
    big[big.length - 1] = 0x62;
    writeFileSync(join(d, "f"), big);
    expect((await fileStates(d)).files.get("f")!.sha256).not.toBe(before);
  });

  it("counts entries as well as bytes, and says when the bound was passed", async () => {
    const d = temp();
    mkdirSync(join(d, "c"));
    for (let i = 0; i < 30; i++) writeFileSync(join(d, "c", String(i)), "");
    expect(await diskUsage(d)).toEqual({ bytes: 0, entries: 31 });
    expect((await diskUsage(d, 10)).entries).toBe(11); // stops one past the bound
    expect((await fileStates(d, 10)).complete).toBe(false);
    expect((await fileStates(d)).complete).toBe(true);
    expect(MAX_WORKSPACE_ENTRIES).toBeGreaterThanOrEqual(20_000);
  });
});
