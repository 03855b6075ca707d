import type { FastifyInstance } from "fastify";
import { requireRole } from "../auth/guard.js";
import type { Principal } from "../auth/tokens.js";
import type { ServiceContext } from "../context.js";
import { ServiceError } from "../errors.js";
import type { SubmissionStatus } from "../queue-port.js";
import { validateUpload } from "../upload/materialise.js";
import { BEARER, ID_PARAMS, REPORT_SCHEMA, STATUS_SCHEMA, errors } from "./schemas.js";


/** The creator's API: upload a skill, poll its status, read its report, download its signature. */
export function submissionRoutes(app: FastifyInstance, ctx: ServiceContext, maxUploadBytes: number): void {
  const creator = requireRole(ctx.db, "creator", "reviewer");
  // application/x-gzip is what many tools still send for the same bytes.
  app.addContentTypeParser(["application/gzip", "application/x-gzip"], { parseAs: "buffer", bodyLimit: maxUploadBytes }, (_req, body, done) => done(null, body));

  app.post(
    "/v1/submissions",
    {
      preHandler: requireRole(ctx.db, "creator"),
      // The body schema only documents the upload in /openapi.json; the bytes are checked by validateUpload.
      validatorCompiler: () => () => true,
      schema: {
        summary: "upload a skill (a tar.gz of one skill folder) for analysis",
        security: BEARER,
        consumes: ["application/gzip"],
        body: { type: "string", format: "binary", description: "a tar.gz of one skill folder (SKILL.md at its top or in its single folder)" },
        response: { 202: { type: "object", required: ["id"], properties: { id: { type: "integer" } } }, ...errors(400, 401, 403, 413, 415, 422, 429) },
      },
    },
    async (req, reply) => {
      const archive = req.body;
      if (!Buffer.isBuffer(archive)) throw new ServiceError("UNSUPPORTED_MEDIA_TYPE", "send the skill as Content-Type: application/gzip (a tar.gz)");
      // The whole dry run happens before anything is recorded: a refused upload leaves no trace.
      await validateUpload(archive, ctx.tmpDir);
      const id = await ctx.queue.submit({ archive, submittedBy: req.principal!.name });
      return reply.status(202).send({ id });
    },
  );

  app.get<{ Params: { id: number } }>(
    "/v1/submissions/:id",
    { preHandler: creator, schema: { summary: "a submission's state and verdict", security: BEARER, params: ID_PARAMS, response: { 200: STATUS_SCHEMA, ...errors(401, 404) } } },
    async (req) => {
      const s = await visibleStatus(ctx, req.params.id, req.principal!);
      const sig = await ctx.store.signatureFor(s.id);
      return {
        id: s.id,
        state: s.state,
        verdict: s.verdict,
        skill: s.skillName,
        deadLetter: s.deadLetter,
        failureReason: s.failureReason,
        signed: !!sig,
        signature: sig ? { sequence: sig.sequence, keyId: sig.keyId, signedAt: sig.signedAt } : null,
      };
    },
  );

  app.get<{ Params: { id: number } }>(
    "/v1/submissions/:id/report",
    { preHandler: creator, schema: { summary: "the verdict with every reason and finding (evidence redacted)", security: BEARER, params: ID_PARAMS, response: { 200: REPORT_SCHEMA, ...errors(401, 404) } } },
    async (req) => {
      const s = await visibleStatus(ctx, req.params.id, req.principal!);
      const sub = await ctx.store.getSubmission(s.id);
      if (!sub) throw new ServiceError("NOT_FOUND", "no such submission");
      return {
        id: s.id,
        state: s.state,
        verdict: s.verdict,
        skill: sub.skillName,
        version: sub.version,
        contentHash: sub.contentHash,
        decision: sub.verdict,
        creatorNotice: sub.creatorNotice,
        failureReason: sub.failureReason,
        findings: await ctx.store.findings(s.id),
        stages: await ctx.store.stageResults(s.id),
      };
    },
  );

  app.get<{ Params: { id: number } }>(
    "/v1/submissions/:id/signature",
    {
      preHandler: creator,
      config: { rawJson: true },
      schema: { summary: "the DSSE envelope of a signed submission", security: BEARER, params: ID_PARAMS, response: errors(401, 404) },
    },
    async (req) => {
      const s = await visibleStatus(ctx, req.params.id, req.principal!);
      const sig = await ctx.store.signatureFor(s.id);
      if (!sig) throw new ServiceError("NOT_FOUND", `submission ${s.id} is not signed`);
      return sig.envelope;
    },
  );
}

/** A creator sees only its own submissions: anyone else's is "not found", not "forbidden" (ids are not revealed). */
export async function visibleStatus(ctx: ServiceContext, id: number, who: Principal): Promise<SubmissionStatus> {
  const s = await ctx.queue.status(id);
  if (!s || (who.role === "creator" && s.submittedBy !== who.name)) throw new ServiceError("NOT_FOUND", `no submission ${id} for ${who.name}`);
  return s;
}
