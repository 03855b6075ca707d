import { cpSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SKIP_UNNEEDED, cli, copyFixture, makeSandbox, openDb, submissionId } from "../workflow/cli-harness.js";

describe("review waive refuses what it cannot honour", { timeout: 240_000 }, () => {
  it("refuses a never-waive rule and an unknown rule id with a coded error, exit 2, and records nothing", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "store-borderline-autorun");
    const id = submissionId((await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.env)).stdout);
    const waive = (rule: string, ...more: string[]) => cli(["review", "waive", String(id), rule, "--reason", "x", "--expires", "2099-01-01", "--reviewer", "rita", ...more], sb.env);

    // The shipped policy never waives behavior.canary-exfil.
    const never = await waive("behavior.canary-exfil");
    expect(never.code).toBe(2);
    expect(never.stderr).toMatch(/NOT_WAIVABLE/);
    expect(never.stderr).toContain("behavior.canary-exfil can never be waived");
    expect(never.stdout).not.toMatch(/waived/);

    const typo = await waive("patterns.skip-user-confirmaton");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/UNKNOWN_RULE/);
    expect(typo.stderr).toContain('unknown rule id "patterns.skip-user-confirmaton"');
    expect(typo.stderr).toContain("patterns.skip-user-confirmation");

    // A rule the submission did not report but a stage defines is accepted (it may show up later).
    const defined = await waive("secrets.env-file");
    expect(defined.code).toBe(0);
    const ok = await waive("patterns.skip-user-confirmation");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^waived patterns\.skip-user-confirmation for skill store-borderline-autorun/);

    const db = openDb(sb);
    expect(db.prepare("SELECT rule_id FROM waivers ORDER BY id").all()).toEqual([{ rule_id: "secrets.env-file" }, { rule_id: "patterns.skip-user-confirmation" }]);
    db.close();
  });
});

describe("review --path: the reviewer's own checkout", { timeout: 240_000 }, () => {
  it("approves from another folder holding the analysed content, refuses a checkout that differs", async () => {
    const sb = await makeSandbox();
    const submitted = copyFixture(sb, "store-borderline-autorun", "ci-runner-copy");
    const id = submissionId((await cli(["submit", submitted, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.env)).stdout);
    const checkout = join(sb.root, "reviewer", "store-borderline-autorun");
    cpSync(submitted, checkout, { recursive: true });
    rmSync(submitted, { recursive: true }); // the CI runner's folder is gone (another machine)
    const env = { ...sb.signingEnv, SKILLSIGN_REVIEWER: "rita" };

    const without = await cli(["review", "approve", String(id), "--note", "ok"], env);
    expect(without.code).toBe(2);

    const changed = join(sb.root, "reviewer-changed", "store-borderline-autorun");
    cpSync(checkout, changed, { recursive: true });
    writeFileSync(join(changed, "scripts", "extra.sh"), "echo hi\n");
    for (const cmd of [["approve", "--note", "ok"], ["reject", "--reason", "no"], ["waive", "patterns.skip-user-confirmation", "--reason", "x", "--expires", "2099-01-01"]]) {
      const [verb, ...rest] = cmd;
      const r = await cli(["review", verb!, String(id), ...rest, "--path", changed], env);
      expect(r.code, verb).toBe(2);
      expect(r.stderr).toMatch(/CONTENT_MISMATCH/);
      expect(r.stderr).toContain(`changed since submission ${id} was analysed`);
    }
    expect(existsSync(`${changed}.skillsig.json`)).toBe(false);

    const ok = await cli(["review", "approve", String(id), "--note", "ok", "--path", checkout], env);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(existsSync(`${checkout}.skillsig.json`)).toBe(true);
    const v = await cli(["verify", checkout, "--trust", sb.trustPath], sb.env);
    expect(v.code).toBe(0);
  });
});
