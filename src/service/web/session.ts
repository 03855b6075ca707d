import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Principal } from "../auth/tokens.js";

export const SESSION_COOKIE = "skillsign_session";
/** Set with the sign-in form; the form echoes it (login CSRF: double submit). */
export const LOGIN_COOKIE = "skillsign_login";
const TTL_MS = 8 * 60 * 60 * 1000;

export interface Session {
  principal: Principal;
  /** Sent in every form as a hidden field and compared on POST (the cookie alone proves nothing). */
  csrf: string;
  expires: number;
}

/**
 * Web sessions, in this process's memory (a restart signs reviewers out). The map is keyed by the
 * SHA-256 of the cookie value, so the cookie itself is nowhere but in the browser.
 */
export class Sessions {
  private readonly byHash = new Map<string, Session>();

  create(principal: Principal, now = Date.now()): { cookie: string; session: Session } {
    this.sweep(now);
    const cookie = randomBytes(32).toString("base64url");
    const session = { principal, csrf: randomBytes(32).toString("base64url"), expires: now + TTL_MS };
    this.byHash.set(hash(cookie), session);
    return { cookie, session };
  }

  get(cookie: string | undefined, now = Date.now()): Session | undefined {
    if (!cookie) return undefined;
    const s = this.byHash.get(hash(cookie));
    if (!s || s.expires <= now) return undefined;
    return s;
  }

  end(cookie: string | undefined): void {
    if (cookie) this.byHash.delete(hash(cookie));
  }

  private sweep(now: number): void {
    for (const [k, s] of this.byHash) if (s.expires <= now) this.byHash.delete(k);
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
