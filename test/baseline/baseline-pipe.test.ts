import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, cli, copyFixture, makeSandbox } from "../workflow/cli-harness.js";

/** `skillsign baseline … | head -c 1`: the CLI's own exit status and stderr. */
function headPipe(args: string[], env: NodeJS.ProcessEnv, cwd: string): { code: number; stderr: string; head: string } {
  const script = `"$@" 2>"$ERR_FILE" | head -c 1; echo " \${PIPESTATUS[0]}"; cat "$ERR_FILE" >&2`;
  const r = spawnSync("bash", ["-c", script, "bash", process.execPath, CLI, ...args], { env: { ...env, ERR_FILE: join(cwd, `err-${process.hrtime.bigint()}`) }, cwd, encoding: "utf8" });
  const m = / (\d+)\n$/.exec(r.stdout);
  if (!m) throw new Error(`no status in ${JSON.stringify(r.stdout)}: ${r.stderr}`);
  return { code: Number(m[1]), stderr: r.stderr, head: r.stdout.slice(0, r.stdout.length - m[0].length) };
}

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
