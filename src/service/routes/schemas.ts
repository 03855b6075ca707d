/** JSON Schemas shared by routes and the OpenAPI document. */
export const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } } },
} as const;

export const ID_PARAMS = {
  type: "object",
  required: ["id"],
  additionalProperties: false,
  properties: { id: { type: "integer", minimum: 1, maximum: 999_999_999_999 } },
} as const;

export const STATUS_SCHEMA = {
  type: "object",
  required: ["id", "state", "verdict"],
  properties: {
    id: { type: "integer" },
    state: { type: "string", enum: ["queued", "running", "done", "failed"] },
    verdict: { type: ["string", "null"], enum: ["approved", "review", "rejected", null] },
    skill: { type: "string", description: "the skill's name from SKILL.md, as `skill` in the CLI's JSON" },
    deadLetter: { type: "boolean" },
    failureReason: { type: ["string", "null"] },
    signed: { type: "boolean" },
    signature: {
      type: ["object", "null"],
      properties: { sequence: { type: "integer" }, keyId: { type: "string" }, signedAt: { type: "string" } },
    },
  },
} as const;

/** The skill's name: `skill` everywhere (CLI JSON, status --json, this API). */
const SKILL = { type: "string", description: "the skill's name from SKILL.md, as `skill` in the CLI's JSON" } as const;
/** Kept for existing clients: same value as `skill`. Extend, never rename (docs/service.md#field-names). */
const SKILL_NAME = { type: "string", deprecated: true, description: "deprecated: the same value as `skill`; read `skill`" } as const;
/** Declared fields are checked and documented; every other field passes through as before. */
const open = (required: readonly string[], properties: Record<string, unknown>) => ({ type: "object", additionalProperties: true, required, properties }) as const;
const LIST = { type: "array", items: { type: "object", additionalProperties: true } } as const;

/** GET /v1/review/submissions/{id}: the stored submission (skill and, deprecated, skillName), findings, stages, diff, reviews. */
export const REVIEW_DETAIL_SCHEMA = open(["submission", "findings", "stages", "diff", "reviews"], {
  submission: open(["id", "skill", "skillName", "state"], { id: { type: "integer" }, skill: SKILL, skillName: SKILL_NAME, version: { type: "string" }, state: { type: "string" }, contentHash: { type: ["string", "null"] } }),
  findings: LIST,
  stages: LIST,
  diff: { type: "object", additionalProperties: true },
  reviews: LIST,
});

/** GET /v1/submissions/{id}/report. `decision` is the verdict object that status --json calls `verdict` (here `verdict` is the decision string). */
export const REPORT_SCHEMA = open(["id", "state", "verdict", "skill", "findings", "stages"], {
  id: { type: "integer" },
  state: STATUS_SCHEMA.properties.state,
  verdict: STATUS_SCHEMA.properties.verdict,
  skill: SKILL,
  version: { type: "string" },
  contentHash: { type: ["string", "null"] },
  decision: { type: ["object", "null"], additionalProperties: true, description: "the verdict object (decision, reasons, decidingFindings): `verdict` in status --json" },
  creatorNotice: { type: ["string", "null"] },
  failureReason: { type: ["string", "null"] },
  findings: LIST,
  stages: LIST,
});

export const BEARER = [{ bearer: [] as string[] }];

export function errors(...codes: number[]): Record<number, typeof ERROR_SCHEMA> {
  return Object.fromEntries(codes.map((c) => [c, ERROR_SCHEMA]));
}
