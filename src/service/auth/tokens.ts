import { createHash, randomBytes } from "node:crypto";
import { ServiceError } from "../errors.js";
import type { ServiceDb } from "../db/service-db.js";

export const ROLES = ["creator", "reviewer", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Who a request comes from. The name is the account: several tokens with one name are one creator. */
export interface Principal {
  name: string;
  role: Role;
}

/** 32 random bytes; the prefix lets secret scanners and our redaction recognise a leaked token. */
const PREFIX = "sks_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Creates a token and stores only its hash: the returned token is the only copy there will ever be. */
export async function createToken(db: ServiceDb, input: { name: string; role: Role; now?: Date }): Promise<{ token: string; principal: Principal }> {
  const name = input.name.trim();
  if (!name || name.length > 200 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new ServiceError("BAD_REQUEST", "--name must be one line of 1 to 200 characters");
  }
  if (!ROLES.includes(input.role)) throw new ServiceError("BAD_REQUEST", `--role must be one of ${ROLES.join(", ")}`);
  const token = PREFIX + randomBytes(32).toString("base64url");
  await db.run("INSERT INTO service_tokens (token_hash, name, role, created_at) VALUES (?, ?, ?, ?)", [
    hashToken(token),
    name,
    input.role,
    (input.now ?? new Date()).toISOString(),
  ]);
  return { token, principal: { name, role: input.role } };
}

/** The principal behind a presented token, or undefined (unknown or revoked). */
export async function lookupToken(db: ServiceDb, token: string): Promise<Principal | undefined> {
  if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
  const rows = await db.all("SELECT name, role FROM service_tokens WHERE token_hash = ? AND revoked_at IS NULL", [hashToken(token)]);
  const row = rows[0];
  return row ? { name: String(row.name), role: String(row.role) as Role } : undefined;
}

export async function revokeTokens(db: ServiceDb, name: string, now = new Date()): Promise<number> {
  return db.run("UPDATE service_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", [now.toISOString(), name]);
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}
