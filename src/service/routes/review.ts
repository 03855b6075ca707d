import type { FastifyInstance } from "fastify";
import { requireRole } from "../auth/guard.js";
import type { ServiceContext } from "../context.js";
import { approve, detailView, queueView, reject, waive } from "../review-actions.js";
import { BEARER, ID_PARAMS, REVIEW_DETAIL_SCHEMA, errors } from "./schemas.js";


const text = (max: number) => ({ type: "string", minLength: 1, maxLength: max }) as const;
const body = (required: string[], props: Record<string, unknown>) => ({ type: "object", additionalProperties: false, required, properties: props }) as const;

/** The reviewer's API: the queue (with dead letters), a submission with evidence and diff, decisions. */
export function reviewRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const reviewer = requireRole(ctx.db, "reviewer");
  const common = { security: BEARER, response: errors(400, 401, 403, 404, 409) };

  app.get("/v1/review/queue", { preHandler: reviewer, schema: { summary: "submissions waiting for review, and failed (dead-letter) ones", ...common } }, async () => queueView(ctx));

  app.get<{ Params: { id: number } }>(
    "/v1/review/submissions/:id",
    {
      preHandler: reviewer,
      schema: { summary: "findings (evidence redacted), stages, reviews and the diff against the last approved version", params: ID_PARAMS, ...common, response: { 200: REVIEW_DETAIL_SCHEMA, ...common.response } },
    },
    async (req) => detailView(ctx, req.params.id),
  );

  app.post<{ Params: { id: number }; Body: { note: string } }>(
    "/v1/review/submissions/:id/approve",
    { preHandler: reviewer, schema: { summary: "approve and sign", params: ID_PARAMS, body: body(["note"], { note: text(2000) }), ...common } },
    async (req) => approve(ctx, req.params.id, req.principal!.name, req.body.note),
  );

  app.post<{ Params: { id: number }; Body: { reason: string } }>(
    "/v1/review/submissions/:id/reject",
    { preHandler: reviewer, schema: { summary: "reject (the creator sees the reason)", params: ID_PARAMS, body: body(["reason"], { reason: text(2000) }), ...common } },
    async (req) => reject(ctx, req.params.id, req.principal!.name, req.body.reason),
  );

  app.post<{ Params: { id: number }; Body: { ruleId: string; reason: string; expires: string } }>(
    "/v1/review/submissions/:id/waive",
    {
      preHandler: reviewer,
      schema: {
        summary: "waive one rule for later submissions of this skill until a date",
        params: ID_PARAMS,
        body: body(["ruleId", "reason", "expires"], { ruleId: text(200), reason: text(2000), expires: text(40) }),
        ...common,
      },
    },
    async (req) => waive(ctx, req.params.id, req.principal!.name, req.body),
  );
}
