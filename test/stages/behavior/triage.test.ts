import { describe, expect, it } from "vitest";
import type { Canary } from "../../../src/stages/behavior/canaries.js";
import { parseSyscall } from "../../../src/stages/behavior/strace-parse.js";
import { bufferFilter } from "../../../src/stages/behavior/triage.js";

const SECRET: Canary = { label: "AWS_SECRET_ACCESS_KEY", value: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY", kind: "secret" };
const header = (syscall: string, args: string) => ({ pid: 2, tid: 2, comm: "python3", phase: "E" as const, syscall, args });

describe("write buffers are decoded only when a canary can be in them", () => {
  const want = bufferFilter([SECRET]);

  it("finds canary forms in the still-quoted text, also in big repeated buffers", () => {
    expect(want(`0x3 /tmp/x, 0x7f "key=${SECRET.value}\\n", 0x30)`)).toBe(true);
    expect(want(`0x3 /tmp/x, 0x7f "${Buffer.from(SECRET.value).toString("hex")}", 0x50)`)).toBe(true);
    const big = `0x3 /dev/null, 0x7f "${"\\x00".repeat(300_000)}", 0x100000)`;
    expect(want(big)).toBe(false);
    expect(want(big)).toBe(false); // second time from the hash cache
    expect(want(`0x3 /dev/null, 0x7f "${"\\x00".repeat(300_000)}${SECRET.value}", 0x100000)`)).toBe(true);
  });

  it("skips decoding a clean single write, but always decodes sendmsg/writev iovecs (a value split across them)", () => {
    const clean = header("write", '0x3 /tmp/x, 0x7f "nothing here", 0xc)');
    expect(parseSyscall(clean, want).event).toBeUndefined();
    expect(parseSyscall(clean).event).toMatchObject({ kind: "file-write", data: "nothing here" });
    const half = SECRET.value.length / 2;
    const split = header("writev", `0x3 /tmp/x, 0x7f {base=0x1, len=20, "${SECRET.value.slice(0, half)}"}, {base=0x2, len=20, "${SECRET.value.slice(half)}"}, 0x2)`);
    expect(parseSyscall(split, want).event).toMatchObject({ kind: "file-write", data: SECRET.value });
  });
});
