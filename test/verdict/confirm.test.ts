import { describe, expect, it } from "vitest";
import { route } from "../../src/verdict/index.js";
import { analysis, finding, shippedPolicy } from "./helpers.js";

const inferredNetwork = finding({ ruleId: "manifest.inferred-network", stage: "manifest", severity: "info", category: "inferred-permission" });
const inferredEnv = finding({ ruleId: "manifest.inferred-env", stage: "manifest", severity: "info", category: "inferred-permission" });
const staticOnly = ["manifest", "patterns", "semgrep", "dependencies"] as const;

describe("route: hypotheses the behaviour stage confirms", () => {
  it("approves inferred network use once the behaviour stage watched the skill", () => {
    const v = route(analysis({ findings: [inferredNetwork] }), shippedPolicy);
    expect(v.decision).toBe("approved");
  });

  it("sends inferred network use to review in a static-only scan, saying why", () => {
    const a = analysis({ findings: [inferredNetwork], stages: { behavior: { status: "skipped", skipKind: "not-selected", reason: "not selected" } } });
    const v = route(a, shippedPolicy, { selectedStages: [...staticOnly] });
    expect(v.decision).toBe("review");
    expect(v.reasons[0]!.message).toContain("unconfirmed: the behavior stage did not run to completion");
  });

  it("does not treat an errored behaviour run as a confirmation", () => {
    const a = analysis({ findings: [inferredNetwork], stages: { behavior: { status: "error", reason: "incomplete" } } });
    const v = route(a, shippedPolicy);
    expect(v.decision).toBe("review");
    expect(v.reasons.filter((r) => r.kind === "finding").map((r) => r.ruleId)).toEqual(["manifest.inferred-network"]);
  });

  it("never needs confirmation for the other inferred permissions", () => {
    const a = analysis({ findings: [inferredEnv], stages: { behavior: { status: "skipped", skipKind: "not-selected" } } });
    expect(route(a, shippedPolicy, { selectedStages: [...staticOnly] }).decision).toBe("approved");
  });

  it("passes the dangerous combination once the behaviour stage ran (it tests download-and-run), reviews it statically", () => {
    const combo = finding({ ruleId: "manifest.dangerous-combination", stage: "manifest", severity: "high", confidence: "medium" });
    expect(route(analysis({ findings: [combo] }), shippedPolicy).decision).toBe("approved");
    const a = analysis({ findings: [combo], stages: { behavior: { status: "skipped", skipKind: "not-selected" } } });
    expect(route(a, shippedPolicy, { selectedStages: [...staticOnly] }).decision).toBe("review");
  });

  it("rejects a policy whose confirming stage is unknown", async () => {
    const { parsePolicy } = await import("../../src/verdict/policy.js");
    expect(() => parsePolicy("schemaVersion: 1\nrequired: []\nfindings: {critical: {high: reject, medium: review, low: review}, high: {high: review, medium: review, low: review}, medium: {high: review, medium: review, low: review}, low: {high: pass, medium: pass, low: pass}, info: {high: pass, medium: pass, low: pass}}\nconfirm: {x.y: {by: nowhere, otherwise: review}}\n")).toThrow(/confirm/);
  });
});
