import type { FastifyReply, FastifyRequest } from "fastify";
import { ServiceError } from "../errors.js";
import type { ServiceDb } from "../db/service-db.js";
import { lookupToken, type Principal, type Role } from "./tokens.js";

declare module "fastify" {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Reads `Authorization: Bearer TOKEN`; the web page's session cookie is handled in web/session.ts. */
export function bearerOf(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== "string") return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

/** A preHandler that admits only the listed roles (admin is always admitted). */
export function requireRole(db: ServiceDb, ...roles: Role[]) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerOf(req);
    if (!token) throw new ServiceError("UNAUTHENTICATED", "send the header \"Authorization\" with the value \"Bearer TOKEN\" (a token from skillsign tokens create)");
    const principal = await lookupToken(db, token);
    if (!principal) throw new ServiceError("UNAUTHENTICATED", "unknown or revoked token");
    if (principal.role !== "admin" && !roles.includes(principal.role)) {
      throw new ServiceError("FORBIDDEN", `this needs the ${roles.join(" or ")} role; the token is a ${principal.role} token`);
    }
    req.principal = principal;
  };
}
