// One name for the skill across the service API: `skill` everywhere, `skillName` kept (deprecated)
// where it was sent before, with the same value. Responses are checked against the published
// schemas/service.schema.json, which must equal what /openapi.json is built from.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { ERROR_SCHEMA, REPORT_SCHEMA, REVIEW_DETAIL_SCHEMA, STATUS_SCHEMA } from "../../src/service/routes/schemas.js";
import { useReviewedSubmission } from "./reviewed-submission.js";

const REPO = resolve(import.meta.dirname, "../..");
const FIXTURE = join(REPO, "test/fixtures/skills/deps-unpinned-python");
const published = JSON.parse(readFileSync(join(REPO, "schemas/service.schema.json"), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
ajv.addSchema(published);
const check = (def: string, value: unknown) => {
  const validate = ajv.getSchema(`${published.$id}#/$defs/${def}`)!;
  const ok = validate(value);
  expect(validate.errors ?? [], `${def}: ${JSON.stringify(validate.errors)}`).toEqual([]);
  expect(ok).toBe(true);
};

type Json = Record<string, any>;

describe("service API field names (skill / skillName)", () => {
  const s = useReviewedSubmission("skillsign-field-names-", FIXTURE);

  const get = async (path: string, token = s.reviewer): Promise<Json> => {
    const res = await s.h.fetch(path, { token });
    expect(res.status, path).toBe(200);
    return (await res.json()) as Json;
  };

  it("the review detail sends `skill` and the deprecated `skillName`, equal; status, report and queue say `skill` with the same value", async () => {
    const detail = await get(`/v1/review/submissions/${s.id}`);
    const status = await get(`/v1/submissions/${s.id}`, s.creator);
    const report = await get(`/v1/submissions/${s.id}/report`, s.creator);
    const queueView = await get("/v1/review/queue");
    const name = status.skill as string;
    expect(name).toMatch(/\S/);
    expect(detail.submission).toHaveProperty("skill", name);
    expect(detail.submission).toHaveProperty("skillName", name);
    expect(report.skill).toBe(name);
    expect(queueView.review.find((q: Json) => q.id === s.id)).toMatchObject({ skill: name });
    for (const body of [status, report, queueView.review[0]]) expect(body).not.toHaveProperty("skillName");

    check("status", status);
    check("report", report);
    check("reviewDetail", detail);
  });

  it("declaring response schemas drops nothing: the detail still carries the whole record, findings with evidence and fixes, the diff", async () => {
    const detail = await get(`/v1/review/submissions/${s.id}`);
    const report = await get(`/v1/submissions/${s.id}/report`, s.creator);
    for (const k of ["version", "path", "contentHash", "permissionsHash", "permissions", "files", "state", "source", "submittedBy", "createdAt", "updatedAt", "verdict", "policyDigest", "attempt", "deadLetter"]) {
      expect(detail.submission, k).toHaveProperty(k);
    }
    expect(detail.submission).not.toHaveProperty("owner");
    expect(detail.submission.verdict).toEqual(report.decision);
    expect(detail.findings.length).toBeGreaterThan(0);
    expect(detail.findings).toEqual(report.findings);
    expect(detail.findings).toContainEqual(expect.objectContaining({ ruleId: "dependencies.git-dependency", file: "pyproject.toml", line: 10, fix: expect.any(String), evidence: expect.any(String) }));
    expect(detail.stages).toEqual(report.stages);
    expect(detail.diff.files.length).toBeGreaterThan(0);
    expect(report).toMatchObject({ id: s.id, verdict: "review", state: "done", contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it("/openapi.json marks skillName deprecated, and schemas/service.schema.json is what the routes declare", async () => {
    const doc = await get("/openapi.json");
    const detail = doc.paths["/v1/review/submissions/{id}"].get.responses["200"].content["application/json"].schema;
    expect(detail.properties.submission.properties.skillName).toMatchObject({ deprecated: true });
    expect(detail.properties.submission.properties.skill.type).toBe("string");
    const report = doc.paths["/v1/submissions/{id}/report"].get.responses["200"].content["application/json"].schema;
    expect(report.properties.skill.type).toBe("string");
    // Regenerate with the snippet in docs/service.md#field-names when a route schema changes.
    expect(published.$defs).toEqual(JSON.parse(JSON.stringify({ status: STATUS_SCHEMA, report: REPORT_SCHEMA, reviewDetail: REVIEW_DETAIL_SCHEMA, error: ERROR_SCHEMA })));
  });
});
