import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import Fastify, { type FastifyInstance } from "fastify";
import { redactText, redactValue } from "../redact.js";
import { bearerOf } from "./auth/guard.js";
import { lookupToken } from "./auth/tokens.js";
import type { ServiceContext, ServiceOptions } from "./context.js";
import { errorHandler } from "./error-handler.js";
import { ServiceError } from "./errors.js";
import { registerOpenApi } from "./routes/openapi.js";
import { reviewRoutes } from "./routes/review.js";
import { settingsRoutes } from "./routes/settings.js";
import { submissionRoutes } from "./routes/submissions.js";
import { webRoutes } from "./web/routes.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The response is signed data (a DSSE envelope): sent byte for byte, not re-redacted. */
    rawJson?: boolean;
  }
}

export const DEFAULT_MAX_UPLOAD = 50 * 1024 * 1024;

/**
 * The service: JSON API under /v1, the reviewer page under /ui, /openapi.json. Every request is
 * rate-limited, every JSON response passes the redaction, every error is {error:{code,message}}.
 */
export async function buildApp(ctx: ServiceContext, o: ServiceOptions = {}): Promise<FastifyInstance> {
  // Unknown fields are refused, not silently dropped (Fastify strips them by default).
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, trustProxy: false, ajv: { customOptions: { removeAdditional: false } } });
  app.setErrorHandler(errorHandler(ctx.log));
  app.setNotFoundHandler((_req, reply) => void reply.status(404).send({ error: { code: "NOT_FOUND", message: "no such route" } }));
  await app.register(rateLimit, {
    global: true,
    max: o.rateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    // Per account for a valid token (many creators can share a NAT; rotated tokens share the
    // account's budget), else per address: made-up tokens cannot buy fresh budgets.
    keyGenerator: async (req) => {
      const t = bearerOf(req);
      const who = t ? await lookupToken(ctx.db, t) : undefined;
      return who ? `account:${who.name}` : `ip:${req.ip}`;
    },
    errorResponseBuilder: (_req, c) => new ServiceError("RATE_LIMITED", `too many requests: at most ${c.max} per minute; retry in ${c.after}`),
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await registerOpenApi(app);

  app.addHook("preSerialization", async (req, _reply, payload) => (req.routeOptions.config.rawJson ? payload : redactValue(payload)));
  app.addHook("onResponse", async (req, reply) => {
    ctx.log(redactText(`${req.method} ${req.url} ${reply.statusCode} ${Math.round(reply.elapsedTime)}ms${req.principal ? ` ${req.principal.role}:${req.principal.name}` : ""}`));
  });

  submissionRoutes(app, ctx, o.maxUploadBytes ?? DEFAULT_MAX_UPLOAD);
  reviewRoutes(app, ctx);
  settingsRoutes(app, ctx);
  webRoutes(app, ctx, { secureCookies: !!o.secureCookies });
  return app;
}
