import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, PASSPHRASE, cli, copyFixture, makeSandbox } from "../workflow/cli-harness.js";

/**
 * The README's first command (`npx skillsign submit test/fixtures/skills/benign-minimal`) in a
 * fresh SKILLSIGN_HOME, with every stage and the shipped policy: it must end with a signature and
 * a passing verify, signed by a development key that production trust files do not accept.
 */
describe("a newcomer's first submit", { timeout: 600_000 }, () => {
  it("signs with a development key, verifies, and says how to make real keys", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "benign-minimal");
    const r = await cli(["submit", skill], sb.env);
    expect(r.stderr).not.toMatch(/Warning|MaxListeners/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^APPROVED\s+benign-minimal/m);
    expect(r.stdout).toContain(`signed with the DEVELOPMENT key (sequence 1) -> ${skill}.skillsig.json`);
    expect(r.stdout).toMatch(/^verify: ok: benign-minimal is signed by trusted key [0-9a-f]{64} \(sequence 1\)$/m);
    expect(r.stdout).toContain("skillsign keys generate --out DIR");
    expect(r.stdout).toMatch(/created now in .*development-key; label "development"/);

    const devDir = join(sb.home, "development-key");
    expect(readFileSync(join(devDir, "LABEL"), "utf8").trim()).toBe("development");
    // Verify through the CLI, as a user would: the development trust file accepts it ...
    const ok = await cli(["verify", skill, "--trust", join(devDir, "trust.json")], sb.env);
    expect(ok.stdout).toMatch(/^ok: /);
    expect(ok.code).toBe(0);
    // ... a production trust file made with `keys generate` does not.
    const prod = mkdtempSync(join(tmpdir(), "skillsign-prod-"));
    const keys = await cli(["keys", "generate", "--out", prod], { ...sb.env, SKILLSIGN_KEY_PASSPHRASE: PASSPHRASE });
    expect(keys.code).toBe(0);
    const refused = await cli(["verify", skill, "--trust", join(prod, "trust.json")], sb.env);
    expect(refused.stdout).toMatch(/^untrusted-key: /);
    expect(refused.code).toBe(1);
    expect(existsSync(join(sb.home, "trust.json"))).toBe(false);

    // A second submit reuses the same development key (sequence 2, nothing created).
    const again = await cli(["submit", skill], sb.env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("signed with the DEVELOPMENT key (sequence 2)");
    expect(again.stdout).toMatch(/\(from .*development-key; label "development"\)/);
  });

  it("scanning a folder of skills prints no runtime warning into the terminal", async () => {
    const sb = await makeSandbox();
    const r = await cli(["scan", FIXTURES, "--format", "json"], sb.env);
    expect(JSON.parse(r.stdout).skills.length).toBeGreaterThan(100);
    expect(r.stderr).not.toMatch(/Warning|MaxListeners|DeprecationWarning/);
  });

  it("ci never falls back to the development key", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "benign-minimal");
    const r = await cli(["ci", skill, "--policy", sb.policy, "--skip", "semgrep,dependencies,build,image-scan,behavior"], sb.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/not signed \(no SKILLSIGN_SIGNING_KEY configured\)/);
    expect(existsSync(join(sb.home, "development-key"))).toBe(false);
    expect(existsSync(`${skill}.skillsig.json`)).toBe(false);
  });
});
