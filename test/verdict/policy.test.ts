import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { loadPolicy, parsePolicy, policyDigest } from "../../src/verdict/policy.js";

function expectConfigError(fn: () => unknown, text: string | RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).code).toBe("CONFIG_ERROR");
    expect((err as Error).message).toMatch(text);
    return;
  }
  throw new Error("expected a CONFIG_ERROR");
}

const MINIMAL = `
schemaVersion: 1
required: [manifest]
findings:
  critical: { high: reject, medium: review, low: review }
  high: { high: review, medium: review, low: review }
  medium: { high: review, medium: review, low: review }
  low: { high: pass, medium: pass, low: pass }
  info: { high: pass, medium: pass, low: pass }
`;

describe("the shipped policy", () => {
  it("loads, requires every stage and rejects canary exfiltration", () => {
    const p = loadPolicy();
    expect(p.required).toEqual(["manifest", "patterns", "secrets", "semgrep", "dependencies", "build", "image-scan", "behavior"]);
    expect(p.rules["behavior.canary-exfil"]).toBe("reject");
    expect(p.defaultConfidence).toBe("high");
  });
});

describe("parsePolicy", () => {
  it("fills in defaults", () => {
    const p = parsePolicy(MINIMAL);
    expect(p).toMatchObject({ defaultConfidence: "high", rules: {}, neverWaive: [] });
  });

  it.each([
    ["an unknown stage", MINIMAL.replace("[manifest]", "[manifest, sandbox]"), /required\.1/],
    ["a bad action", MINIMAL.replace("low: { high: pass", "low: { high: allow"), /findings\.low\.high/],
    ["a missing severity row", MINIMAL.replace(/ {2}info:.*\n/, ""), /findings\.info/],
    ["an unknown key", `${MINIMAL}\nextra: 1\n`, /extra/],
    ["a wrong schema version", MINIMAL.replace("schemaVersion: 1", "schemaVersion: 2"), /schemaVersion/],
    ["a non-map document", "- just\n- a list\n", /\(top level\)/],
    ["broken YAML", "schemaVersion: [1\n", /not valid YAML/],
    ["YAML aliases", `${MINIMAL}\nneverWaive: &a [x]\nrules: *a\n`, /not valid YAML|invalid policy/],
  ])("names the problem for %s", (_name, text, want) => {
    expectConfigError(() => parsePolicy(text, "my-policy.yaml"), want);
    expectConfigError(() => parsePolicy(text, "my-policy.yaml"), /^my-policy\.yaml: /);
  });
});

describe("loadPolicy", () => {
  it("reads a file given by path", () => {
    const dir = mkdtempSync(join(tmpdir(), "skillsign-policy-"));
    writeFileSync(join(dir, "p.yaml"), MINIMAL);
    expect(loadPolicy(join(dir, "p.yaml")).required).toEqual(["manifest"]);
  });

  it("reports a folder given as the policy file", () => {
    expectConfigError(() => loadPolicy(tmpdir()), /cannot read policy file .*: EISDIR/);
  });

  it("reports a missing file as a config error naming it", () => {
    expectConfigError(() => loadPolicy("/nonexistent/policy.yaml"), /cannot read policy file \/nonexistent\/policy\.yaml: ENOENT/);
  });
});

describe("policyDigest", () => {
  it("is stable across key order and formatting, and changes with content", () => {
    const a = parsePolicy(MINIMAL);
    const reordered = parsePolicy(`required: [manifest]\n${MINIMAL.replace("required: [manifest]", "")}`);
    expect(policyDigest(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(policyDigest(reordered)).toBe(policyDigest(a));
    expect(policyDigest(parsePolicy(MINIMAL.replace("[manifest]", "[manifest, patterns]")))).not.toBe(policyDigest(a));
  });
});
