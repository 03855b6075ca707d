import { describe, expect, it } from "vitest";
import { cli, copyFixture, makeSandbox } from "../workflow/cli-harness.js";

describe("a partial run is labelled as such in every format", { timeout: 180_000 }, () => {
  it("scan --only manifest and a static scan never say plain APPROVED", async () => {
    const sb = await makeSandbox(["manifest"]);
    const skill = copyFixture(sb, "benign-minimal");
    const notRun = ["patterns", "secrets", "semgrep", "dependencies", "build", "image-scan", "behavior"];

    const human = await cli(["scan", skill, "--only", "manifest", "--policy", sb.policy], sb.env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^APPROVED \\(partial: ${notRun.join(", ")} not run\\)  benign-minimal`, "m"));
    expect(human.stdout).not.toMatch(/^APPROVED {2}/m);
    expect(human.stdout).toMatch(/1 skill: 1 approved, 0 need review, 0 rejected \(all partial: not every stage ran\)/);

    const json = JSON.parse((await cli(["scan", skill, "--only", "manifest", "--policy", sb.policy, "--json"], sb.env)).stdout);
    expect(json.skills[0]).toMatchObject({ verdict: "approved", partial: true, stagesNotRun: notRun });
    expect(json.summary.partial).toBe(1);

    const sarif = JSON.parse((await cli(["scan", skill, "--only", "manifest", "--policy", sb.policy, "--format", "sarif"], sb.env)).stdout);
    expect(sarif.runs[0].properties.verdicts[0]).toMatchObject({ verdict: "approved", partial: true, stagesNotRun: notRun, verdictLabel: `APPROVED (partial: ${notRun.join(", ")} not run)` });

    const staticScan = await cli(["scan", skill, "--policy", sb.policy], sb.env);
    expect(staticScan.stdout).toMatch(/^APPROVED \(partial: (semgrep, )?(dependencies, )?build, image-scan, behavior not run\)  benign-minimal/m);
  });
});
