import { describe, expect, it } from "vitest";
import type { Confidence, Severity } from "../../src/findings.types.js";
import { actionFor, route } from "../../src/verdict/route.js";
import { parsePolicy } from "../../src/verdict/policy.js";
import type { Waiver } from "../../src/verdict/verdict.types.js";
import { analysis, finding, shippedPolicy } from "./helpers.js";

const NOW = new Date("2026-06-01T00:00:00Z");

describe("route with the shipped policy", () => {
  const matrix: Array<[Severity, Confidence | undefined, "approved" | "review" | "rejected"]> = [
    ["critical", "high", "rejected"],
    ["critical", "medium", "review"],
    ["critical", "low", "review"],
    ["critical", undefined, "rejected"], // no confidence stated: assume high (fail closed)
    ["high", "high", "review"],
    ["high", "low", "review"],
    ["medium", "high", "review"],
    ["medium", "low", "review"],
    ["low", "high", "approved"],
    ["info", "high", "approved"],
  ];
  it.each(matrix)("a %s finding with %s confidence routes to %s", (severity, confidence, want) => {
    const f = finding({ severity, confidence });
    const v = route(analysis({ findings: [f] }), shippedPolicy);
    expect(v.decision).toBe(want);
    expect(v.decidingFindings).toEqual(want === "approved" ? [] : [f]);
  });

  it("approves a clean skill with no reasons", () => {
    expect(route(analysis(), shippedPolicy)).toEqual({ decision: "approved", reasons: [], decidingFindings: [] });
  });

  it("rejects confirmed canary exfiltration whatever its stated severity", () => {
    const f = finding({ ruleId: "behavior.canary-exfil", stage: "behavior", severity: "medium", confidence: "low" });
    const v = route(analysis({ findings: [f] }), shippedPolicy);
    expect(v.decision).toBe("rejected");
    expect(v.reasons[0]).toMatchObject({ kind: "finding", action: "reject", ruleId: "behavior.canary-exfil", stage: "behavior" });
  });

  it("counts snapshot notes as findings", () => {
    const note = finding({ ruleId: "snapshot.encrypted-archive", stage: "snapshot", severity: "high", file: "payload.zip" });
    const v = route(analysis({ findings: [note] }), shippedPolicy);
    expect(v.decision).toBe("review");
    expect(v.reasons).toEqual([
      { kind: "finding", action: "review", ruleId: "snapshot.encrypted-archive", stage: "snapshot", message: "high snapshot.encrypted-archive at payload.zip: example" },
    ]);
  });

  it("rejects when one finding rejects even if another only reviews, and lists both", () => {
    const crit = finding({ ruleId: "a.crit", severity: "critical", file: "x.sh", line: 3 });
    const med = finding({ ruleId: "b.med", severity: "medium" });
    const v = route(analysis({ findings: [med, crit] }), shippedPolicy);
    expect(v.decision).toBe("rejected");
    expect(v.decidingFindings).toEqual([crit]);
    expect(v.reasons.map((r) => r.kind === "finding" && `${r.action}:${r.ruleId}`)).toEqual(["reject:a.crit", "review:b.med"]);
    expect(v.reasons[0]!.message).toBe("critical a.crit at x.sh:3: example");
  });
});

describe("route fails closed on incomplete analysis", () => {
  it.each([
    ["an errored stage", { status: "error", reason: "semgrep not found on PATH" }, "analysis incomplete: semgrep: semgrep not found on PATH"],
    ["an errored stage without reason", { status: "error" }, "analysis incomplete: semgrep: stage failed"],
    ["a timed-out stage", { status: "error", reason: "stage semgrep timed out after 10 ms" }, "analysis incomplete: semgrep: stage semgrep timed out after 10 ms"],
    ["a stage skipped by --skip", { status: "skipped", skipKind: "incomplete", reason: "skipped by --skip" }, "analysis incomplete: semgrep: skipped by --skip"],
    ["a skip without a kind", { status: "skipped", reason: "tool missing" }, "analysis incomplete: semgrep: tool missing"],
    ["a skip without kind or reason", { status: "skipped" }, "analysis incomplete: semgrep: skipped"],
    ["a not-selected stage the command still requires", { status: "skipped", skipKind: "not-selected", reason: "not selected" }, "analysis incomplete: semgrep: not selected"],
  ] as const)("routes %s to review", (_name, result, message) => {
    const v = route(analysis({ stages: { semgrep: { ...result } } }), shippedPolicy);
    expect(v.decision).toBe("review");
    expect(v.reasons).toEqual([{ kind: "incomplete", stage: "semgrep", message }]);
    expect(v.decidingFindings).toEqual([]);
  });

  it("routes a required stage missing from the results to review", () => {
    const a = analysis();
    const v = route({ ...a, stages: a.stages.filter((s) => s.stageId !== "behavior") }, shippedPolicy);
    expect(v.reasons).toEqual([{ kind: "incomplete", stage: "behavior", message: "analysis incomplete: behavior: did not run" }]);
  });

  it("accepts a stage skipped as not applicable", () => {
    const v = route(analysis({ stages: { behavior: { status: "skipped", skipKind: "not-applicable", reason: "not high-risk" } } }), shippedPolicy);
    expect(v.decision).toBe("approved");
  });

  it("ignores stages the command did not select", () => {
    const notSelected = { status: "skipped", skipKind: "not-selected", reason: "not selected" } as const;
    const a = analysis({ stages: { build: notSelected, "image-scan": notSelected, behavior: notSelected } });
    expect(route(a, shippedPolicy, { selectedStages: ["manifest", "patterns", "semgrep", "dependencies"] }).decision).toBe("approved");
    expect(route(a, shippedPolicy).decision).toBe("review");
  });

  it("ignores a failing stage the policy does not require", () => {
    const policy = { ...shippedPolicy, required: ["manifest" as const] };
    expect(route(analysis({ stages: { semgrep: { status: "error", reason: "x" } } }), policy).decision).toBe("approved");
  });

  describe("when the policy requires checks inside stages", () => {
    const policy = parsePolicy(JSON.stringify({ ...shippedPolicy, requiredChecks: ["image-scan.vuln", "dependencies.snyk"] }), "test");
    const vulnSkipped = { status: "passed", checks: { secret: "ran", vuln: "skipped: no vulnerability database" } } as const;

    it("routes a required check that could not run to review, naming it", () => {
      const v = route(analysis({ stages: { "image-scan": vulnSkipped, dependencies: { status: "passed", checks: { snyk: "ran" } } } }), policy);
      expect(v.decision).toBe("review");
      expect(v.reasons).toEqual([
        { kind: "incomplete", stage: "image-scan", message: "analysis incomplete: image-scan: required check vuln did not run (skipped: no vulnerability database)" },
      ]);
    });

    it("counts a check the stage never reported as not run", () => {
      const v = route(analysis({ stages: { "image-scan": { status: "passed", checks: { vuln: "ran" } }, dependencies: { status: "passed" } } }), policy);
      expect(v.reasons).toEqual([{ kind: "incomplete", stage: "dependencies", message: "analysis incomplete: dependencies: required check snyk did not run (not reported)" }]);
    });

    it("approves when every required check ran, and ignores checks of a stage that was not applicable", () => {
      const ran = analysis({ stages: { "image-scan": { status: "passed", checks: { vuln: "ran" } }, dependencies: { status: "skipped", skipKind: "not-applicable", reason: "no dependency manifests" } } });
      expect(route(ran, policy).decision).toBe("approved");
    });

    it("does not require checks by default", () => {
      expect(shippedPolicy.requiredChecks).toEqual([]);
      expect(route(analysis({ stages: { "image-scan": vulnSkipped } }), shippedPolicy).decision).toBe("approved");
    });

    it("refuses a malformed check name", () => {
      expect(() => parsePolicy(JSON.stringify({ ...shippedPolicy, requiredChecks: ["vuln"] }), "p.yaml")).toThrow(/requiredChecks/);
    });
  });

  it("still rejects when a stage is incomplete, listing the reject first", () => {
    const v = route(analysis({ stages: { build: { status: "error", reason: "no docker" } }, findings: [finding({ severity: "critical" })] }), shippedPolicy);
    expect(v.decision).toBe("rejected");
    expect(v.reasons.map((r) => r.kind)).toEqual(["finding", "incomplete"]);
  });
});

describe("route with waivers", () => {
  const crit = finding({ ruleId: "patterns.curl-pipe-sh", severity: "critical" });
  const waiver = (over: Partial<Waiver> = {}): Waiver => ({ skill: "demo-skill", ruleId: "patterns.curl-pipe-sh", reason: "vendored installer", expires: "2026-07-01", by: "alice", ...over });

  it("does not let a waived finding decide, and lists it as waived", () => {
    const v = route(analysis({ findings: [crit] }), shippedPolicy, { waivers: [waiver()], now: NOW });
    expect(v.decision).toBe("approved");
    expect(v.reasons).toEqual([
      { kind: "waived", ruleId: "patterns.curl-pipe-sh", stage: "patterns", message: "critical patterns.curl-pipe-sh: example (waived by alice until 2026-07-01: vendored installer)" },
    ]);
  });

  it.each([
    ["expired", waiver({ expires: "2026-05-31" })],
    ["expiring right now", waiver({ expires: NOW.toISOString() })],
    ["with an unparseable expiry", waiver({ expires: "soon" })],
    ["for another skill", waiver({ skill: "other-skill" })],
    ["for another rule", waiver({ ruleId: "patterns.other" })],
  ])("ignores a waiver %s", (_name, w) => {
    expect(route(analysis({ findings: [crit] }), shippedPolicy, { waivers: [w], now: NOW }).decision).toBe("rejected");
  });

  it("applies no waiver when no clock is given", () => {
    expect(route(analysis({ findings: [crit] }), shippedPolicy, { waivers: [waiver()] }).decision).toBe("rejected");
  });

  it("honours a wildcard skill waiver and picks the earliest-expiring waiver deterministically", () => {
    const ws = [waiver({ skill: "*", expires: "2026-09-01", by: "bob" }), waiver({ expires: "2026-08-01", by: "carol" }), waiver({ expires: "2026-08-01", by: "bea" })];
    const v = route(analysis({ findings: [crit] }), shippedPolicy, { waivers: ws, now: NOW });
    expect(v.reasons[0]!.message).toContain("waived by bea until 2026-08-01");
    expect(route(analysis({ findings: [crit] }), shippedPolicy, { waivers: [...ws].reverse(), now: NOW })).toEqual(v);
  });

  it("never waives a rule listed in neverWaive", () => {
    const exfil = finding({ ruleId: "behavior.canary-exfil", stage: "behavior", severity: "critical" });
    const v = route(analysis({ findings: [exfil] }), shippedPolicy, { waivers: [waiver({ ruleId: "behavior.canary-exfil" })], now: NOW });
    expect(v.decision).toBe("rejected");
  });

  it("does not list waivers for findings that pass anyway", () => {
    const low = finding({ severity: "low" });
    expect(route(analysis({ findings: [low] }), shippedPolicy, { waivers: [waiver({ ruleId: low.ruleId })], now: NOW }).reasons).toEqual([]);
  });
});

describe("actionFor and determinism", () => {
  const custom = parsePolicy(`
schemaVersion: 1
required: []
findings:
  critical: { high: reject, medium: reject, low: review }
  high: { high: reject, medium: review, low: pass }
  medium: { high: pass, medium: pass, low: pass }
  low: { high: pass, medium: pass, low: pass }
  info: { high: pass, medium: pass, low: pass }
defaultConfidence: low
rules: { noisy.rule: pass }
`);

  it("uses the policy's matrix, default confidence and rule overrides", () => {
    expect(actionFor(finding({ severity: "high", confidence: "high" }), custom)).toBe("reject");
    expect(actionFor(finding({ severity: "high", confidence: undefined }), custom)).toBe("pass");
    expect(actionFor(finding({ ruleId: "noisy.rule", severity: "critical" }), custom)).toBe("pass");
  });

  it("gives byte-identical verdict JSON whatever the input order", () => {
    const fs = [finding({ ruleId: "z", severity: "critical", file: "b" }), finding({ ruleId: "a", file: "a", line: 2 }), finding({ ruleId: "m", severity: "high" })];
    const one = JSON.stringify(route(analysis({ findings: fs }), shippedPolicy));
    const two = JSON.stringify(route(analysis({ findings: [...fs].reverse() }), shippedPolicy));
    expect(one).toBe(two);
  });
});
