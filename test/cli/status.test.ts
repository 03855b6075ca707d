import { describe, expect, it } from "vitest";
import { SKIP_UNNEEDED, cli, copyFixture, makeSandbox, submissionId } from "../workflow/cli-harness.js";

describe("skillsign status and history", { timeout: 240_000 }, () => {
  it("history lists every submission of a skill newest first, with signature sequences", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "store-benign-notes");
    const first = await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.signingEnv);
    const second = await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED, "--skip", "patterns"], sb.signingEnv);
    const third = await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.signingEnv);
    expect([first.code, second.code, third.code]).toEqual([0, 10, 0]);
    const ids = [first, second, third].map((r) => submissionId(r.stdout));

    const h = await cli(["history", "store-benign-notes"], sb.env);
    expect(h.code).toBe(0);
    const lines = h.stdout.split("\n").filter((l) => l.startsWith("  #"));
    expect(lines.map((l) => l.trim().split(/\s+/)[0])).toEqual([`#${ids[2]}`, `#${ids[1]}`, `#${ids[0]}`]);
    expect(lines[0]).toMatch(/approved +signed seq 2/);
    expect(lines[1]).toMatch(/review/);
    expect(lines[2]).toMatch(/approved +signed seq 1/);

    const j = JSON.parse((await cli(["history", "store-benign-notes", "--json"], sb.env)).stdout);
    expect(j.submissions.map((s: { id: number; state: string }) => [s.id, s.state])).toEqual([
      [ids[2], "approved"],
      [ids[1], "review"],
      [ids[0], "approved"],
    ]);
    expect(j.signatures.map((g: { sequence: number; submissionId: number }) => [g.sequence, g.submissionId])).toEqual([
      [1, ids[0]],
      [2, ids[2]],
    ]);
    expect((await cli(["history", "never-submitted"], sb.env)).stdout).toMatch(/No submissions of "never-submitted"/);
  });

  it("status --json describes the submission and its signature without the owner process", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "store-benign-notes");
    const id = submissionId((await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.signingEnv)).stdout);
    const r = await cli(["status", String(id), "--json"], sb.env);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ id, state: "approved", skill: "store-benign-notes", version: "1.0.0", source: "submit", submittedBy: "creator-test" });
    expect(j.signature).toMatchObject({ sequence: 1, skill: "store-benign-notes" });
    expect(j.owner).toBeUndefined();
    expect(j.verdict.decision).toBe("approved");
    const human = await cli(["status", String(id)], sb.env);
    expect(human.stdout).toMatch(/Signed: sequence 1 with key [0-9a-f]{64}/);
  });
});
