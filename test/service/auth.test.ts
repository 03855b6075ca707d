import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordingQueue, SKILL_MD, dbBytes, startHarness, tarGz, type Harness } from "./helpers.js";

const CLI = join(__dirname, "..", "..", "dist", "bin", "skillsign.js");

describe("tokens and roles", () => {
  let h: Harness;
  const queue = new RecordingQueue();
  let alice = "";
  let bob = "";
  let rita = "";
  beforeAll(async () => {
    h = await startHarness(queue);
    const create = (role: string, name: string) => execFileSync("node", [CLI, "tokens", "create", "--role", role, "--name", name, "--db", h.db], { stdio: ["ignore", "pipe", "pipe"] }).toString().trim();
    alice = create("creator", "alice");
    bob = create("creator", "bob");
    rita = create("reviewer", "rita");
  });
  afterAll(async () => h?.close());

  it("tokens create prints a 32-byte random token once; the database holds only its SHA-256", () => {
    for (const t of [alice, bob, rita]) expect(t).toMatch(/^sks_[A-Za-z0-9_-]{43}$/);
    const files = readdirSync(h.dir).filter((n) => n.startsWith("store.db"));
    const bytes = dbBytes(h.dir, files);
    for (const t of [alice, bob, rita]) {
      expect(bytes).not.toContain(t);
      expect(bytes).not.toContain(t.slice(4, 24));
      expect(bytes).toContain(createHash("sha256").update(t).digest("hex"));
    }
  });

  it("refuses a missing, unknown or malformed token with 401 and a JSON error", async () => {
    for (const token of [undefined, "sks_unknown", "garbage token"]) {
      const res = await h.fetch("/v1/submissions/1", { token });
      expect(res.status).toBe(401);
      const error = ((await res.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe("UNAUTHENTICATED");
      // The message tells what to send, readable after redaction.
      expect(error.message).toMatch(token === "sks_unknown" ? /unknown or revoked token/ : /"Authorization" with the value "Bearer TOKEN"/);
    }
  });

  it("a creator sees only its own submissions: another creator gets 404 for status, report and signature", async () => {
    const up = await h.fetch("/v1/submissions", { method: "POST", token: alice, headers: { "content-type": "application/gzip" }, body: await tarGz([{ name: "SKILL.md", content: SKILL_MD }]) });
    expect(up.status).toBe(202);
    const { id } = (await up.json()) as { id: number };
    expect(queue.uploads.get(id)?.submittedBy).toBe("alice");
    const mine = await h.fetch(`/v1/submissions/${id}`, { token: alice });
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({ id, state: "queued", verdict: null, signed: false });
    for (const path of [`/v1/submissions/${id}`, `/v1/submissions/${id}/report`, `/v1/submissions/${id}/signature`]) {
      const res = await h.fetch(path, { token: bob });
      expect(res.status, path).toBe(404);
    }
    // Not found for bob reads the same as a submission that does not exist at all.
    const ghost = (await (await h.fetch("/v1/submissions/999999", { token: bob })).json()) as { error: { message: string } };
    const other = (await (await h.fetch(`/v1/submissions/${id}`, { token: bob })).json()) as { error: { message: string } };
    expect(other.error.message.replace(String(id), "N")).toBe(ghost.error.message.replace("999999", "N"));
    // A reviewer may read any submission.
    expect((await h.fetch(`/v1/submissions/${id}`, { token: rita })).status).toBe(200);
  });

  it("a creator cannot use reviewer routes (approve, reject, waive, queue): 403", async () => {
    const json = { "content-type": "application/json" };
    const calls: [string, string, unknown?][] = [
      ["GET", "/v1/review/queue"],
      ["GET", "/v1/review/submissions/1"],
      ["POST", "/v1/review/submissions/1/approve", { note: "looks fine" }],
      ["POST", "/v1/review/submissions/1/reject", { reason: "no" }],
      ["POST", "/v1/review/submissions/1/waive", { ruleId: "x", reason: "y", expires: "2099-01-01" }],
    ];
    for (const [method, path, body] of calls) {
      const res = await h.fetch(path, { method, token: alice, headers: body ? json : undefined, body: body ? JSON.stringify(body) : undefined });
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    }
  });

  it("a reviewer cannot upload (creator route): 403", async () => {
    const res = await h.fetch("/v1/submissions", { method: "POST", token: rita, headers: { "content-type": "application/gzip" }, body: await tarGz([{ name: "SKILL.md", content: SKILL_MD }]) });
    expect(res.status).toBe(403);
  });

  it("tokens revoke ends a token at once", async () => {
    const carol = execFileSync("node", [CLI, "tokens", "create", "--role", "creator", "--name", "carol", "--db", h.db], { stdio: ["ignore", "pipe", "pipe"] }).toString().trim();
    expect((await h.fetch("/v1/submissions/999999", { token: carol })).status).toBe(404);
    expect(execFileSync("node", [CLI, "tokens", "revoke", "--name", "carol", "--db", h.db]).toString()).toBe("1 token(s) revoked\n");
    expect((await h.fetch("/v1/submissions/999999", { token: carol })).status).toBe(401);
  });

  it("never logs a token, even one pasted into a URL", async () => {
    await h.fetch(`/v1/submissions/1?oops=${alice}`, { token: alice });
    const log = h.logs.join("\n");
    expect(log).toMatch(/GET \/v1\/submissions\/1\?oops=\*{8} \d{3}/);
    for (const t of [alice, bob, rita]) expect(log).not.toContain(t);
  });

  it("rate-limits every request: past the limit a client gets 429 JSON", async () => {
    const limited = await startHarness(queue, { rateLimitPerMinute: 5 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await limited.fetch("/openapi.json")).status);
      expect(codes.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      const res = await limited.fetch("/v1/submissions/1");
      expect(res.status).toBe(429);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
      // Made-up tokens do not get a budget of their own: they count against the address.
      expect((await limited.fetch("/v1/submissions/1", { token: `sks_${"x".repeat(43)}` })).status).toBe(429);
      // A valid account has its own budget.
      const dave = await limited.token("creator", "dave");
      expect((await limited.fetch("/v1/submissions/999", { token: dave })).status).toBe(404);
    } finally {
      await limited.close();
    }
  });

  it("serves an OpenAPI document listing the fixed routes", async () => {
    const doc = (await (await h.fetch("/openapi.json")).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths["/v1/submissions"] ?? {})).toContain("post");
    expect(Object.keys((doc.paths["/v1/submissions"]!.post as { requestBody: { content: object } }).requestBody.content)).toEqual(["application/gzip"]);
    expect(Object.keys(doc.paths["/v1/submissions/{id}"] ?? {})).toContain("get");
    expect(Object.keys(doc.paths["/v1/settings"] ?? {}).sort()).toEqual(["get", "patch"]);
    expect(Object.keys(doc.paths).some((p) => p.startsWith("/ui"))).toBe(false);
  });
});
