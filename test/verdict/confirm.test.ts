import { describe, expect, it } from "vitest";
import { route } from "../../src/verdict/index.js";
import { analysis, finding, shippedPolicy } from "./helpers.js";

const inferredNetwork = finding({ ruleId: "manifest.inferred-network", stage: "manifest", severity: "info", category: "inferred-permission" });
const inferredEnv = finding({ ruleId: "manifest.inferred-env", stage: "manifest", severity: "info", category: "inferred-permission" });
const staticOnly = ["manifest", "patterns", "semgrep", "dependencies"] as const;

describe("route: hypotheses a later stage confirms", () => {
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
  it("passes an open version range once the build completed (it resolved and signed it); statically the table decides", () => {
    const open = finding({ ruleId: "dependencies.unpinned-version", stage: "dependencies", severity: "medium" });
    const bounded = finding({ ruleId: "dependencies.unpinned-version", stage: "dependencies", severity: "low" });
    expect(route(analysis({ findings: [open] }), shippedPolicy).decision).toBe("approved");
    const noBuild = analysis({ findings: [open, bounded], stages: { build: { status: "skipped", skipKind: "not-selected" }, behavior: { status: "skipped", skipKind: "not-selected" } } });
    const v = route(noBuild, shippedPolicy, { selectedStages: [...staticOnly] });
    expect(v.decision).toBe("review");
    expect(v.decidingFindings).toEqual([open]); // the bounded range still passes by the table
    expect(v.reasons[0]!.message).toContain("unconfirmed: the build stage did not run to completion");
    const failedBuild = analysis({ findings: [open], stages: { build: { status: "error", reason: "build failed" } } });
    expect(route(failedBuild, shippedPolicy).decidingFindings).toEqual([open]);
  });

  it("a confirm entry needs `otherwise` or `then`", async () => {
    const { parsePolicy } = await import("../../src/verdict/policy.js");
    const base = "schemaVersion: 1\nrequired: []\nfindings: {critical: {high: reject, medium: review, low: review}, high: {high: review, medium: review, low: review}, medium: {high: review, medium: review, low: review}, low: {high: pass, medium: pass, low: pass}, info: {high: pass, medium: pass, low: pass}}\n";
    expect(() => parsePolicy(`${base}confirm: {x.y: {by: build}}\n`)).toThrow(/otherwise.*then/);
    expect(parsePolicy(`${base}confirm: {x.y: {by: build, then: review}}\n`).confirm["x.y"]).toEqual({ by: "build", then: "review" });
  });
});
