import swagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";
import { VERSION } from "../../version.js";

/** Registers the OpenAPI generator (before the routes, so it sees them) and serves /openapi.json. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: { title: "skillsign service", version: VERSION, description: "Submit agent skills for vetting; review and sign them. See docs/service.md." },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "a token from `skillsign tokens create`" } } },
    },
    // Only the JSON API is documented; the web page is not an API.
    hideUntagged: false,
    transform: ({ schema, url }) => ({ schema: url.startsWith("/ui") || url === "/" ? { ...schema, hide: true } : schema, url }),
  });
  app.get("/openapi.json", { schema: { hide: true } }, async (_req, reply) => reply.type("application/json").send(app.swagger()));
}
