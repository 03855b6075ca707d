import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { REPO, SKIP_UNNEEDED, cli, copyFixture, makeSandbox, submissionId } from "../workflow/cli-harness.js";

const schema = (name: string) => JSON.parse(readFileSync(resolve(REPO, "schemas", name), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const report = ajv.compile(schema("report.schema.json"));
const status = ajv.compile(schema("status.schema.json"));

function valid(validate: typeof report, value: unknown): void {
  const ok = validate(value);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

describe("published JSON Schemas validate real outputs", { timeout: 240_000 }, () => {
  it("are in the package's files", () => {
    expect(JSON.parse(readFileSync(resolve(REPO, "package.json"), "utf8")).files).toContain("schemas");
  });

  it("scan --json (findings, several skills, an input error) and ci --json match report.schema.json; status/history match status.schema.json", async () => {
    const sb = await makeSandbox();
    const folder = join(sb.root, "skills");
    copyFixture(sb, "store-borderline-autorun");
    copyFixture(sb, "benign-minimal");
    mkdirSync(join(sb.root, "elsewhere"), { recursive: true });
    writeFileSync(join(sb.root, "elsewhere", "SKILL.md"), "---\nname: linked\ndescription: x\n---\n");
    symlinkSync(join(sb.root, "elsewhere"), join(folder, "linked")); // an input error

    const scan = await cli(["scan", folder, "--policy", sb.policy, "--json", ...SKIP_UNNEEDED], sb.env);
    const scanned = JSON.parse(scan.stdout);
    expect(scanned.skills.length).toBe(2);
    expect(scanned.inputErrors.length).toBe(1);
    expect(scanned.skills.flatMap((s: { findings: unknown[] }) => s.findings).length).toBeGreaterThan(0);
    valid(report, scanned);

    const out = join(sb.root, "ci.json");
    const ci = await cli(["ci", join(folder, "store-borderline-autorun"), "--policy", sb.policy, "--json", out, ...SKIP_UNNEEDED], sb.env);
    expect(ci.code).toBe(10);
    const ciJson = JSON.parse(readFileSync(out, "utf8"));
    valid(report, ciJson);
    const id = submissionId(ci.stdout);

    const st = JSON.parse((await cli(["status", String(id), "--json"], sb.env)).stdout);
    valid(status, st);
    expect(st).toMatchObject({ schemaVersion: 1, id, skill: "store-borderline-autorun", state: "review" });
    expect(st).not.toHaveProperty("skillName");
    const hist = JSON.parse((await cli(["history", "store-borderline-autorun", "--json"], sb.env)).stdout);
    valid(status, hist);
    expect(hist.submissions[0]).toMatchObject({ id, skill: "store-borderline-autorun" });
    const show = JSON.parse((await cli(["review", "show", String(id), "--json"], sb.env)).stdout);
    expect(show.submission).toMatchObject({ id, skill: "store-borderline-autorun" });
    expect(show.submission).not.toHaveProperty("skillName");
  });

  it("reject a report that drifts (a renamed field, a finding without a fingerprint)", () => {
    const base = { schemaVersion: 1, tool: { name: "skillsign", version: "1" }, scope: { kind: "full" }, summary: { skills: 0, approved: 0, review: 0, rejected: 0, partial: 0, inputErrors: 0 }, skills: [], inputErrors: [], skipped: [] };
    expect(report(base)).toBe(true);
    expect(report({ ...base, skillName: "x" })).toBe(false);
    expect(status({ schemaVersion: 1, skill: "x", submissions: [{ id: 1, skillName: "x" }], signatures: [] })).toBe(false);
  });
});
