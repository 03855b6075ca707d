import type { FastifyInstance } from "fastify";
import { requireRole } from "../auth/guard.js";
import type { ServiceContext } from "../context.js";
import { ServiceError } from "../errors.js";
import { SETTINGS_SCHEMA } from "../settings/schema.js";
import { patchSettings, visible } from "../settings/settings.js";
import type { ConfigKey } from "../settings/cipher.js";
import type { Json } from "../settings/merge.js";
import { BEARER, errors } from "./schemas.js";

/** Admin only: the encrypted settings, always shown with secrets as ********. */
export function settingsRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const admin = requireRole(ctx.db, "admin");
  const key = (): ConfigKey => {
    if (!ctx.configKey) throw new ServiceError("CONFIG_KEY_MISSING", "settings need SKILLSIGN_CONFIG_KEY on the server (openssl rand -base64 32)");
    return ctx.configKey;
  };
  const common = { security: BEARER, response: errors(400, 401, 403, 503) };

  app.get("/v1/settings", { preHandler: admin, schema: { summary: "the service settings (secrets as ********)", ...common } }, async () => visible(ctx.db, key()));

  app.patch<{ Body: { [k: string]: Json } }>(
    "/v1/settings",
    {
      preHandler: admin,
      schema: { summary: "change settings; a field sent as ******** keeps its stored value; null deletes", body: SETTINGS_SCHEMA, ...common },
    },
    async (req) => patchSettings(ctx.db, key(), req.body, req.principal!.name),
  );
}
