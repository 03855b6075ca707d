import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, copyFixture, headPipe, makeSandbox } from "../workflow/cli-harness.js";

describe("baseline commands and a closed pipe", { timeout: 240_000 }, () => {
  it("baseline create / sign / verify | head -c 1: first byte, own exit code or 141, no stack trace", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "store-borderline-autorun");
    const file = join(sb.root, "b.json");
    const runs: Array<[string[], NodeJS.ProcessEnv]> = [
      [["baseline", "create", skill, "--only", "manifest", "--only", "patterns", "--policy", sb.policy, "--out", file], sb.env],
      [["baseline", "sign", file], sb.signingEnv],
      [["baseline", "verify", file, "--trust", sb.trustPath], sb.env],
      [["baseline", "--help"], sb.env],
    ];
    for (const [args, env] of runs) {
      const r = headPipe(args, env, sb.root);
      expect(r.head.length, args.join(" ")).toBe(1);
      expect([0, 141], `${args.join(" ")}: ${r.stderr}`).toContain(r.code);
      expect(r.stderr).not.toMatch(/\n\s+at |EPIPE|ERR_STREAM|Unhandled|node:internal/);
    }
    expect((await cli(["baseline", "verify", file, "--trust", sb.trustPath], sb.env)).code).toBe(0);
  });
});
