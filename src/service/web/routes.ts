import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errorMessage } from "../../errors.js";
import { redactText } from "../../redact.js";
import { lookupToken } from "../auth/tokens.js";
import type { ServiceContext } from "../context.js";
import { toErrorResponse } from "../error-handler.js";
import { approve, detailView, queueView, reject, waive } from "../review-actions.js";
import { detailPage, loginPage, queuePage } from "./pages.js";
import { LOGIN_COOKIE, SESSION_COOKIE, Sessions, csrfMatches, sameSecret, type Session } from "./session.js";

type Form = Record<string, string | undefined>;
const ACTIONS = ["approve", "reject", "waive"] as const;

/**
 * The reviewer web page: plain server-rendered HTML and forms, no scripts. Sign-in exchanges a
 * reviewer token for an HttpOnly, SameSite=Strict session cookie; every POST also carries the
 * session's CSRF token.
 */
export function webRoutes(app: FastifyInstance, ctx: ServiceContext, o: { secureCookies: boolean }): void {
  const sessions = new Sessions(ctx.db);
  const cookieOpts = { path: "/ui", httpOnly: true, sameSite: "strict" as const, secure: o.secureCookies };
  const htmlReply = (reply: FastifyReply, status: number, body: string) =>
    reply
      .status(status)
      .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
      .header("x-content-type-options", "nosniff")
      .header("cache-control", "no-store")
      .type("text/html; charset=utf-8")
      .send(body);
  const current = (req: FastifyRequest): Promise<Session | undefined> => sessions.get(req.cookies[SESSION_COOKIE]);
  const hide = { schema: { hide: true } };
  const loginCookie = { path: "/ui/login", httpOnly: true, sameSite: "strict" as const, secure: o.secureCookies };
  const loginReply = (reply: FastifyReply, status: number, error?: string) => {
    const csrf = randomBytes(32).toString("base64url");
    return htmlReply(reply.setCookie(LOGIN_COOKIE, csrf, loginCookie), status, loginPage(csrf, error));
  };

  app.get("/", hide, async (_req, reply) => reply.redirect("/ui/"));
  app.get("/ui/login", hide, async (_req, reply) => loginReply(reply, 200));

  app.post<{ Body: Form }>("/ui/login", hide, async (req, reply) => {
    if (!sameSecret(req.cookies[LOGIN_COOKIE], req.body?.csrf)) return loginReply(reply, 403, "The sign-in form was stale or not sent by this page. Try again.");
    const token = String(req.body?.token ?? "").trim();
    const principal = await lookupToken(ctx.db, token);
    if (!principal || (principal.role !== "reviewer" && principal.role !== "admin")) {
      return loginReply(reply, 401, "That is not a valid reviewer token.");
    }
    const cookie = await sessions.create(token);
    return reply.clearCookie(LOGIN_COOKIE, loginCookie).setCookie(SESSION_COOKIE, cookie, cookieOpts).redirect("/ui/", 303);
  });

  app.post<{ Body: Form }>("/ui/logout", hide, async (req, reply) => {
    const s = await current(req);
    if (s && csrfMatches(s, req.body?.csrf)) await sessions.end(req.cookies[SESSION_COOKIE]);
    return reply.clearCookie(SESSION_COOKIE, cookieOpts).redirect("/ui/login", 303);
  });

  app.get("/ui/", hide, async (req, reply) => {
    const s = await current(req);
    if (!s) return reply.redirect("/ui/login", 303);
    return htmlReply(reply, 200, queuePage(await queueView(ctx), { name: s.principal.name, csrf: s.csrf }));
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>("/ui/submissions/:id", hide, async (req, reply) => {
    const s = await current(req);
    if (!s) return reply.redirect("/ui/login", 303);
    const id = parseId(req.params.id);
    if (id === undefined) return loginReply(reply, 404, "No such submission.");
    const flash = ACTIONS.find((a) => a === req.query.done);
    const d = await detailView(ctx, id).catch((err: unknown) => err as Error);
    if (d instanceof Error) return htmlReply(reply, toErrorResponse(d).status, queuePage(await queueView(ctx), { name: s.principal.name, csrf: s.csrf }));
    return htmlReply(reply, 200, detailPage(d, { name: s.principal.name, csrf: s.csrf }, flash && `Recorded: ${flash}.`));
  });

  app.post<{ Params: { id: string; action: string }; Body: Form }>("/ui/submissions/:id/:action", hide, async (req, reply) => {
    const s = await current(req);
    if (!s) return reply.redirect("/ui/login", 303);
    if (!csrfMatches(s, req.body?.csrf)) return loginReply(reply, 403, "The form was stale or not sent by this page (CSRF check failed). Sign in again.");
    const id = parseId(req.params.id);
    const action = ACTIONS.find((a) => a === req.params.action);
    if (id === undefined || !action) return reply.redirect("/ui/", 303);
    const f = req.body ?? {};
    const by = s.principal.name;
    try {
      if (action === "approve") await approve(ctx, id, by, f.note ?? "");
      else if (action === "reject") await reject(ctx, id, by, f.reason ?? "");
      else await waive(ctx, id, by, { ruleId: f.ruleId ?? "", reason: f.reason ?? "", expires: f.expires ?? "" });
    } catch (err) {
      const { status, body } = toErrorResponse(err);
      const d = await detailView(ctx, id);
      ctx.log(redactText(`web ${action} #${id} by ${by} refused: ${body.error.code}${status >= 500 ? ` ${errorMessage(err)}` : ""}`));
      return htmlReply(reply, status, detailPage(d, { name: by, csrf: s.csrf }, `Not recorded: ${body.error.message}`));
    }
    return reply.redirect(`/ui/submissions/${id}?done=${action}`, 303);
  });
}

function parseId(s: string): number | undefined {
  return /^\d{1,12}$/.test(s) && Number(s) > 0 ? Number(s) : undefined;
}
