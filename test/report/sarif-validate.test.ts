import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { renderReport } from "../../src/report/index.js";
import { BASE_DIR, sampleReport } from "./sample.js";

const MULTITOOL = resolve("node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");

/** Runs Microsoft's SARIF validator; returns its error and warning results (an absent level means warning). */
function validate(sarif: string): string[] {
  chmodSync(MULTITOOL, 0o755); // npm skips the package's postinstall, which would do this
  const dir = mkdtempSync(join(tmpdir(), "skillsign-sarif-"));
  writeFileSync(join(dir, "in.sarif"), sarif);
  const stdout = execFileSync(MULTITOOL, ["validate", join(dir, "in.sarif"), "-o", join(dir, "out.sarif")], {
    encoding: "utf8",
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: "1" },
  });
  const out = JSON.parse(readFileSync(join(dir, "out.sarif"), "utf8"));
  const results: Array<{ level?: string; ruleId: string; message: { text?: string; arguments?: string[] } }> = out.runs[0].results ?? [];
  const errors = results.filter((r) => r.level === undefined || r.level === "error" || r.level === "warning").map((r) => `${r.ruleId}: ${r.message.text ?? r.message.arguments?.join(" ")}`);
  return [...errors, ...stdout.split("\n").filter((l) => /\berror\b/i.test(l))];
}

describe.skipIf(!existsSync(MULTITOOL))("SARIF output passes Microsoft's validator", () => {
  it("has no error-level problems for a mixed batch", () => {
    expect(validate(renderReport(sampleReport(), "sarif", { baseDir: BASE_DIR }))).toEqual([]);
  }, 60_000);

  it("detects a broken log, so the check itself works", () => {
    const broken = JSON.parse(renderReport(sampleReport(), "sarif", { baseDir: BASE_DIR }));
    delete broken.runs[0].tool.driver.name;
    expect(validate(JSON.stringify(broken)).length).toBeGreaterThan(0);
  }, 60_000);

  it("is valid with a waived (suppressed) finding", () => {
    const r = sampleReport();
    const skill = r.skills.find((s) => s.verdict.decision === "rejected")!;
    skill.verdict = { ...skill.verdict, reasons: [{ kind: "waived", ruleId: "patterns.curl-pipe-sh", stage: "patterns", message: "waived by alice" }] };
    expect(validate(renderReport(r, "sarif", { baseDir: BASE_DIR }))).toEqual([]);
  }, 60_000);

  it("is valid for skills outside the base folder (absolute file URIs)", () => {
    expect(validate(renderReport(sampleReport(), "sarif", { baseDir: "/elsewhere" }))).toEqual([]);
  }, 60_000);
});
