/**
 * The settings document (JSON Schema, enforced by Fastify on PATCH and published in /openapi.json).
 * Secret fields are named so the redaction recognises them (token, secret, password).
 */
export const SETTINGS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    SNYK_TOKEN: { type: ["string", "null"], maxLength: 500, description: "enables the dependencies stage's Snyk check on workers" },
    webhooks: {
      type: ["array", "null"],
      maxItems: 20,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["url"],
        properties: {
          url: { type: "string", maxLength: 2000, pattern: "^https?://[^/@]+(/|$)" },
          secret: { type: "string", maxLength: 500, description: "HMAC secret the receiver checks" },
          events: { type: "array", maxItems: 10, items: { type: "string", enum: ["submission.done", "submission.failed", "review.decided"] } },
        },
      },
    },
    workerDatabase: {
      type: ["object", "null"],
      additionalProperties: false,
      properties: {
        host: { type: "string", maxLength: 255 },
        port: { type: "integer", minimum: 1, maximum: 65535 },
        database: { type: "string", maxLength: 255 },
        user: { type: "string", maxLength: 255 },
        password: { type: "string", maxLength: 500 },
      },
    },
  },
} as const;
