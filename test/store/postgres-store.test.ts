import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { DIED_REASON, PgStore, openStore } from "../../src/store/index.js";
import { SKIP_UNNEEDED, cli, copyFixture, makeSandbox } from "../workflow/cli-harness.js";
import { analysis, newSubmission } from "./helpers.js";
import { PG_UP, testPostgres, type PgServer } from "./pg-server.js";

let server: PgServer;
let n = 0;
const stores: PgStore[] = [];

async function fresh(): Promise<{ url: string; store: PgStore }> {
  const url = await server.database(`t${++n}`);
  const store = await new PgStore(url).init();
  stores.push(store);
  return { url, store };
}

describe.skipIf(!PG_UP)("the PostgreSQL store", { timeout: 120_000 }, () => {
  beforeAll(() => {
    server = testPostgres();
  }, 120_000);
  afterAll(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    await server?.stop();
  });

  it("applies the migration once even when several processes open a new database together", async () => {
    const url = await server.database("mig");
    const opened = await Promise.all([1, 2, 3].map(() => new PgStore(url).init()));
    stores.push(...opened);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    expect((await c.query("SELECT version FROM schema_migrations")).rows).toEqual([{ version: 1 }, { version: 2 }]);
    await c.end();
  });

  it("records a submission, its results and an audit trail, redacting evidence", async () => {
    const { url, store } = await fresh();
    const sub = await store.createSubmission(newSubmission());
    const done = await store.completeSubmission(sub.id, analysis(), { state: "review", actor: "alice", reason: "medium" });
    expect(done.submission).toMatchObject({ state: "review", version: "1.0.0", skillName: "demo" });
    expect((await store.stageResults(sub.id)).map((s) => s.stageId)).toEqual(["manifest"]);
    expect((await store.findings(sub.id))[0]!.evidence).not.toContain("AKIAFAKECANARY000000");
    expect((await store.auditLog(sub.id)).map((e) => [e.action, e.toState])).toEqual([["submit", "running"], ["analyse", "review"]]);
    await expect(store.completeSubmission(sub.id, analysis(), { state: "approved", actor: "a", reason: "r" })).rejects.toMatchObject({ code: "STORE_CONFLICT" });

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await expect(c.query("UPDATE audit_log SET actor = 'mallory'")).rejects.toThrow(/append-only/);
    await expect(c.query("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
    await expect(c.query("TRUNCATE audit_log CASCADE")).rejects.toThrow(/append-only/);
    await c.end();
  });

  it("hands out contiguous per-skill sequence numbers to concurrent signers on separate connections", async () => {
    const { url, store } = await fresh();
    const others = await Promise.all([1, 2].map(() => new PgStore(url).init()));
    stores.push(...others);
    const all = [store, ...others];
    const subs = await Promise.all(Array.from({ length: 12 }, (_, i) => all[i % 3]!.createSubmission(newSubmission())));
    const sign = { keyId: "k1", publicKey: "p", sign: async (sequence: number) => ({ envelope: { sequence }, signedAt: "2026-01-01T00:00:00.000Z" }) };
    const done = await Promise.all(subs.map((s, i) => all[i % 3]!.completeSubmission(s.id, analysis(), { state: "approved", actor: "a", reason: "ok", sign })));
    expect(done.map((d) => d.signature!.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await store.signatures("demo")).map((s) => s.envelope)).toEqual(Array.from({ length: 12 }, (_, i) => ({ sequence: i + 1 })));
  });

  it("marks runs of dead processes failed, decides reviews and ignores expired waivers", async () => {
    const { url, store } = await fresh();
    const exited = spawnSync(process.execPath, ["-e", "0"]).pid;
    const dead = await store.createSubmission(newSubmission({ owner: { ...newSubmission().owner, pid: exited, startTime: "1" } }));
    const { store: again, recovered } = await openStore({ db: url, actor: "bob" });
    stores.push(again as PgStore);
    expect(recovered).toEqual([dead.id]);
    expect(await again.getSubmission(dead.id)).toMatchObject({ state: "failed", failureReason: DIED_REASON });

    const sub = await store.createSubmission(newSubmission());
    await store.completeSubmission(sub.id, analysis(), { state: "review", actor: "a", reason: "r" });
    await store.addWaiver({ submissionId: sub.id, skill: "demo", ruleId: "old", reason: "x", expires: "2020-01-01T00:00:00.000Z", by: "rev" });
    await store.addWaiver({ submissionId: sub.id, skill: "demo", ruleId: "new", reason: "x", expires: "2099-01-01T00:00:00.000Z", by: "rev" });
    expect((await store.activeWaivers("demo", new Date())).map((w) => w.ruleId)).toEqual(["new"]);
    const r = await store.decideReview(sub.id, { reviewer: "rev", decision: "approve", note: "ok" });
    expect(r.submission.state).toBe("approved");
    await expect(store.decideReview(sub.id, { reviewer: "rev", decision: "reject", note: "x" })).rejects.toMatchObject({ code: "INVALID_STATE" });
    expect((await store.lastApproved("demo"))!.id).toBe(sub.id);
    expect((await store.reviews(sub.id)).map((x) => x.decision)).toEqual(["waive", "waive", "approve"]);
  });

  it("serves the CLI through --db postgres://", async () => {
    const url = await server.database("cli");
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "store-benign-notes");
    const r = await cli(["submit", skill, "--db", url, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.signingEnv);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = await cli(["history", "store-benign-notes", "--db", url, "--json"], sb.env);
    expect(JSON.parse(s.stdout).signatures).toEqual([expect.objectContaining({ sequence: 1 })]);
  });
});

describe("an unreachable PostgreSQL store", () => {
  it("is a clear open error", async () => {
    await expect(openStore({ db: "postgres://nobody@127.0.0.1:1/none" })).rejects.toMatchObject({ code: "STORE_OPEN_FAILED" });
  }, 30_000);
});
