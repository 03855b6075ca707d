import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DIED_REASON, SqliteStore, StoreError, openStore, storeLocation } from "../../src/store/index.js";
import { analysis, newSubmission, tempHome } from "./helpers.js";

const open: SqliteStore[] = [];
function makeStore(file = join(tempHome(), "skillsign.db"), clock?: () => Date): SqliteStore {
  const s = new SqliteStore(file, { clock });
  open.push(s);
  return s;
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => undefined);
});

describe("when the store is opened", () => {
  it("applies each migration once, in WAL mode", () => {
    const file = join(tempHome(), "skillsign.db");
    const a = makeStore(file);
    const b = makeStore(file);
    const versions = b.database.prepare("SELECT version FROM schema_migrations").all();
    expect(versions).toEqual([{ version: 1 }, { version: 2 }]);
    expect(a.database.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(Number(a.database.pragma("busy_timeout", { simple: true }))).toBeGreaterThan(1000);
  });

  it("refuses store URLs it has no backend for", async () => {
    await expect(openStore({ db: "mysql://u@127.0.0.1/db" })).rejects.toMatchObject({ code: "STORE_UNSUPPORTED" });
  });

  it("takes a sqlite:// URL as the file it names", async () => {
    const file = join(tempHome(), "url.db");
    expect(storeLocation({ db: `sqlite://${file}` })).toBe(file);
    const { store } = await openStore({ db: `sqlite://${file}` });
    open.push(store as SqliteStore);
    expect((store as SqliteStore).file).toBe(file);
  });

  it("opens a file given with --db, creating its folder", async () => {
    const file = join(tempHome(), "nested", "dir", "store.db");
    const { store } = await openStore({ db: file });
    open.push(store as SqliteStore);
    expect((store as SqliteStore).file).toBe(file);
    expect(await store.listSubmissions()).toEqual([]);
  });
});

describe("when a submission runs to completion", () => {
  it("records results, findings, verdict and an audit trail in order", async () => {
    const s = makeStore();
    const sub = await s.createSubmission(newSubmission());
    expect(sub.state).toBe("running");
    expect(sub.owner?.pid).toBe(process.pid);
    const done = await s.completeSubmission(sub.id, analysis(), { state: "review", actor: "alice", reason: "medium finding" });
    expect(done.submission.state).toBe("review");
    expect(done.submission.version).toBe("1.0.0");
    expect(await s.stageResults(sub.id)).toEqual([
      { stageId: "manifest", stageVersion: "1", status: "findings", reason: null, skipKind: null, tool: null, checks: null, durationMs: 3 },
    ]);
    const findings = await s.findings(sub.id);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.ruleId).toBe("demo.rule");
    const audit = await s.auditLog(sub.id);
    expect(audit.map((e) => [e.action, e.fromState, e.toState])).toEqual([
      ["submit", null, "running"],
      ["analyse", "running", "review"],
    ]);
  });

  it("never stores secret-like evidence unredacted", async () => {
    const s = makeStore();
    const sub = await s.createSubmission(newSubmission());
    await s.completeSubmission(sub.id, analysis(), { state: "review", actor: "alice", reason: "x" });
    const raw = JSON.stringify(s.database.prepare("SELECT * FROM findings").all());
    expect(raw).not.toContain("AKIAFAKECANARY000000");
    expect(raw).toContain("********");
  });

  it("refuses to complete a submission that is no longer running", async () => {
    const s = makeStore();
    const sub = await s.createSubmission(newSubmission());
    await s.failSubmission(sub.id, "boom", "alice");
    await expect(s.completeSubmission(sub.id, analysis(), { state: "approved", actor: "a", reason: "r" })).rejects.toMatchObject({
      code: "STORE_CONFLICT",
    });
    expect(await s.findings(sub.id)).toEqual([]);
  });
});

describe("when a signal handler fails submissions synchronously", () => {
  it("fails only the running ones, with an audit entry each", async () => {
    const s = makeStore();
    const a = await s.createSubmission(newSubmission());
    const b = await s.createSubmission(newSubmission());
    await s.completeSubmission(b.id, analysis(), { state: "review", actor: "x", reason: "r" });
    expect(s.failNow([a.id, b.id], "interrupted by SIGTERM", "alice")).toEqual([a.id]);
    expect(await s.getSubmission(a.id)).toMatchObject({ state: "failed", failureReason: "interrupted by SIGTERM" });
    expect((await s.getSubmission(b.id))!.state).toBe("review");
    expect((await s.auditLog(a.id)).at(-1)).toMatchObject({ action: "fail", actor: "alice", toState: "failed" });
  });
});

describe("when the audit log is tampered with", () => {
  it("refuses UPDATE and DELETE", async () => {
    const s = makeStore();
    await s.createSubmission(newSubmission());
    expect(() => s.database.prepare("UPDATE audit_log SET actor = 'mallory'").run()).toThrow(/append-only/);
    expect(() => s.database.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);
    expect((await s.auditLog())[0]!.actor).toBe("alice");
  });
});

describe("when approved submissions are signed", () => {
  it("takes sequence numbers per skill from the store, without gaps or repeats", async () => {
    const s = makeStore();
    const sign = (tag: string) => ({
      keyId: "k1",
      publicKey: "pub",
      sign: async (sequence: number) => ({ envelope: { tag, sequence }, signedAt: "2026-01-01T00:00:00.000Z" }),
    });
    const subs = await Promise.all([1, 2, 3].map(() => s.createSubmission(newSubmission())));
    const done = await Promise.all(
      subs.map((sub, i) => s.completeSubmission(sub.id, analysis(), { state: "approved", actor: "a", reason: "ok", sign: sign(`s${i}`) })),
    );
    expect(done.map((d) => d.signature!.sequence).sort()).toEqual([1, 2, 3]);
    const other = await s.createSubmission(newSubmission({ skillName: "other" }));
    const o = await s.completeSubmission(other.id, analysis({ skillName: "other" }), { state: "approved", actor: "a", reason: "ok", sign: sign("o") });
    expect(o.signature!.sequence).toBe(1);
    expect((await s.keys()).map((k) => k.keyId)).toEqual(["k1"]);
    expect((await s.signatureFor(subs[2]!.id))!.envelope).toMatchObject({ tag: "s2" });
  });

  it("rolls back the whole completion when signing throws", async () => {
    const s = makeStore();
    const sub = await s.createSubmission(newSubmission());
    const failing = { keyId: "k", publicKey: "p", sign: async () => Promise.reject(new Error("no key")) };
    await expect(s.completeSubmission(sub.id, analysis(), { state: "approved", actor: "a", reason: "ok", sign: failing })).rejects.toThrow("no key");
    expect((await s.getSubmission(sub.id))!.state).toBe("running");
    expect(await s.findings(sub.id)).toEqual([]);
    expect(await s.signatures("demo")).toEqual([]);
  });
});

describe("when the owning process of a running submission is gone", () => {
  it("marks it failed with an audit entry, and leaves live ones alone", async () => {
    const file = join(tempHome(), "skillsign.db");
    const s = makeStore(file);
    const exited = spawnSync(process.execPath, ["-e", "0"]).pid;
    const dead = await s.createSubmission(newSubmission({ owner: { pid: exited, host: newSubmission().owner.host, startTime: "1" } }));
    const reused = await s.createSubmission(newSubmission({ owner: { ...newSubmission().owner, startTime: "1" } }));
    const live = await s.createSubmission(newSubmission());
    const { store, recovered } = await openStore({ db: file, actor: "bob" });
    open.push(store as SqliteStore);
    expect(recovered).toEqual([dead.id, reused.id]);
    const failed = await store.getSubmission(dead.id);
    expect(failed).toMatchObject({ state: "failed", failureReason: DIED_REASON });
    expect((await store.getSubmission(live.id))!.state).toBe("running");
    const audit = await store.auditLog(dead.id);
    expect(audit.at(-1)).toMatchObject({ actor: "bob", action: "recover", fromState: "running", toState: "failed", reason: DIED_REASON });
  });
});

describe("when reviewers decide and waive", () => {
  it("only decides submissions waiting for review, and writes the review and audit rows", async () => {
    const s = makeStore();
    const sub = await s.createSubmission(newSubmission());
    await expect(s.decideReview(sub.id, { reviewer: "rev", decision: "approve", note: "n" })).rejects.toBeInstanceOf(StoreError);
    await s.completeSubmission(sub.id, analysis(), { state: "review", actor: "a", reason: "r" });
    const done = await s.decideReview(sub.id, { reviewer: "rev", decision: "reject", note: "bad", creatorNotice: "fix it" });
    expect(done.submission).toMatchObject({ state: "rejected", creatorNotice: "fix it" });
    expect((await s.reviews(sub.id)).map((r) => [r.reviewer, r.decision])).toEqual([["rev", "reject"]]);
    expect((await s.auditLog(sub.id)).at(-1)).toMatchObject({ actor: "rev", action: "review-reject", toState: "rejected" });
  });

  it("ignores expired waivers", async () => {
    const s = makeStore();
    const sub = await s.createSubmission(newSubmission());
    await s.addWaiver({ submissionId: sub.id, skill: "demo", ruleId: "r1", reason: "ok", expires: "2026-06-01T00:00:00.000Z", by: "rev" });
    await s.addWaiver({ submissionId: sub.id, skill: "demo", ruleId: "r2", reason: "ok", expires: "2030-06-01T00:00:00.000Z", by: "rev" });
    const active = await s.activeWaivers("demo", new Date("2027-01-01T00:00:00Z"));
    expect(active.map((w) => w.ruleId)).toEqual(["r2"]);
    expect(await s.activeWaivers("other", new Date("2027-01-01T00:00:00Z"))).toEqual([]);
  });

  it("finds the last approved version before a submission", async () => {
    const s = makeStore();
    const ids: number[] = [];
    for (const state of ["approved", "rejected", "approved", "review"] as const) {
      const sub = await s.createSubmission(newSubmission());
      await s.completeSubmission(sub.id, analysis({ version: String(sub.id) }), { state, actor: "a", reason: "r" });
      ids.push(sub.id);
    }
    expect((await s.lastApproved("demo", ids[3]))!.id).toBe(ids[2]);
    expect((await s.lastApproved("demo", ids[2]))!.id).toBe(ids[0]);
    expect(await s.lastApproved("demo", ids[0])).toBeUndefined();
  });
});
