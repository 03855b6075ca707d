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
    skill: { type: "string" },
    deadLetter: { type: "boolean" },
    failureReason: { type: ["string", "null"] },
    signed: { type: "boolean" },
    signature: {
      type: ["object", "null"],
      properties: { sequence: { type: "integer" }, keyId: { type: "string" }, signedAt: { type: "string" } },
    },
  },
} as const;

export const BEARER = [{ bearer: [] as string[] }];

export function errors(...codes: number[]): Record<number, typeof ERROR_SCHEMA> {
  return Object.fromEntries(codes.map((c) => [c, ERROR_SCHEMA]));
}
