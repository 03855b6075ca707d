import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { ServiceDb } from "../db/service-db.js";
import { hashToken, type Principal } from "../auth/tokens.js";

export const SESSION_COOKIE = "skillsign_session";
/** Set with the sign-in form; the form echoes it (login CSRF: double submit). */
export const LOGIN_COOKIE = "skillsign_login";
const TTL_MS = 8 * 60 * 60 * 1000;

export interface Session {
  principal: Principal;
  /** Sent in every form as a hidden field and compared on POST (the cookie alone proves nothing). */
  csrf: string;
}

/**
 * Web sessions in the database, so any `serve` process behind a load balancer knows them. Only
 * the SHA-256 of the cookie is stored; the CSRF token is derived from the cookie (an attacker who
 * cannot read the HttpOnly cookie cannot compute it). A session lives 8 hours and ends with the
 * token it was opened with (revoke the token, the browser is signed out).
 */
export class Sessions {
  constructor(private readonly db: ServiceDb) {}

  async create(token: string, now = Date.now()): Promise<string> {
    await this.db.run("DELETE FROM service_sessions WHERE expires_at < ?", [new Date(now).toISOString()]);
    const cookie = randomBytes(32).toString("base64url");
    await this.db.run("INSERT INTO service_sessions (cookie_hash, token_hash, expires_at) VALUES (?, ?, ?)", [hash(cookie), hashToken(token), new Date(now + TTL_MS).toISOString()]);
    return cookie;
  }

  async get(cookie: string | undefined, now = Date.now()): Promise<Session | undefined> {
    if (!cookie || cookie.length > 100) return undefined;
    const rows = await this.db.all(
      `SELECT t.name, t.role, s.expires_at FROM service_sessions s JOIN service_tokens t ON t.token_hash = s.token_hash
       WHERE s.cookie_hash = ? AND t.revoked_at IS NULL`,
      [hash(cookie)],
    );
    const row = rows[0];
    if (!row || String(row.expires_at) <= new Date(now).toISOString()) return undefined;
    return { principal: { name: String(row.name), role: String(row.role) as Principal["role"] }, csrf: hash(`csrf\0${cookie}`) };
  }

  async end(cookie: string | undefined): Promise<void> {
    if (cookie) await this.db.run("DELETE FROM service_sessions WHERE cookie_hash = ?", [hash(cookie)]);
  }
}

export function csrfMatches(session: Session, sent: unknown): boolean {
  return sameSecret(session.csrf, sent);
}

/** Constant-time comparison of a secret we issued with what came back. */
export function sameSecret(issued: string | undefined, sent: unknown): boolean {
  if (!issued || typeof sent !== "string") return false;
  const a = Buffer.from(issued);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}

function hash(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}
