import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openQueue, runWorker, type JobEvent } from "../../src/queue/index.js";
import { PgStore, SqliteStore } from "../../src/store/index.js";
import { PG_UP, testPostgres, type PgServer } from "../store/pg-server.js";
import { makeSandbox, type Sandbox } from "../workflow/cli-harness.js";
import { STATIC_ONLY, settle, spawnWorker, tarball } from "./helpers.js";

const JOB_ENV = { SKILLSIGN_JOB_TIMEOUT_SECONDS: "20", SKILLSIGN_QUEUE_MAINTENANCE_SECONDS: "1", SKILLSIGN_JOB_RETRIES: "2" };

describe.skipIf(!PG_UP)("the PostgreSQL job queue (pg-boss)", { timeout: 180_000 }, () => {
  let server: PgServer;
  let sb: Sandbox;
  beforeAll(async () => {
    server = testPostgres();
    sb = await makeSandbox();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("records, enqueues and runs a submission to exactly one verdict, signed, with its audit trail", async () => {
    const url = await server.database("q1");
    const env = { ...sb.signingEnv, ...JOB_ENV };
    const queue = await openQueue(url, { worker: { processEnv: env } });
    const ids = [await queue.submit({ archive: tarball("store-benign-notes"), submittedBy: "creator-a" }),
      await queue.submit({ archive: tarball("store-malicious-installer"), submittedBy: "creator-b" })];
    expect((await queue.status(ids[0]!))).toMatchObject({ state: "queued", verdict: null, skillName: "store-benign-notes", submittedBy: "creator-a" });
    expect(await queue.upload(ids[0]!)).toEqual(tarball("store-benign-notes"));

    const stop = new AbortController();
    const events: JobEvent[] = [];
    const worker = runWorker(url, { concurrency: 2, skip: STATIC_ONLY, policyPath: sb.policy, processEnv: env, signal: stop.signal, onJob: (e) => events.push(e) });
    const done = await settle(queue, ids, 90_000);
    stop.abort();
    await worker;
    expect(done.get(ids[0]!)).toMatchObject({ state: "done", verdict: "approved", deadLetter: false });
    expect(done.get(ids[1]!)).toMatchObject({ state: "done", verdict: "rejected" });

    const store = await new PgStore(url).init();
    expect((await store.auditLog(ids[0]!)).map((e) => e.action)).toEqual(["submit", "claim", "analyse", "sign"]);
    expect((await store.signatures("store-benign-notes")).map((s) => s.sequence)).toEqual([1]);
    expect((await store.stageResults(ids[0]!)).map((s) => s.stageId)).toContain("patterns");
    await store.close();
    await queue.close();
  });

  it("retries a job whose worker keeps failing and ends it as a dead letter reviewers can see", async () => {
    const url = await server.database("q2");
    const env = { ...sb.env, ...JOB_ENV };
    const queue = await openQueue(url, { worker: { processEnv: env } });
    const id = await queue.submit({ archive: tarball("store-benign-notes"), submittedBy: "creator-a" });
    // A real worker process whose temp dir is missing: every attempt crashes while unpacking.
    const worker = spawnWorker(url, sb.policy, { ...env, TMPDIR: join(sb.root, "no-such-dir") });
    const done = await settle(queue, [id], 60_000);
    await worker.stop();
    const log = worker.log();
    expect(done.get(id), log).toMatchObject({ state: "failed", deadLetter: true, verdict: null });
    expect(done.get(id)!.failureReason).toMatch(/gave up after repeated failures: .*ENOENT/);
    expect(log.match(/the queue will retry/g)).toHaveLength(3);

    const store = await new PgStore(url).init();
    const actions = (await store.auditLog(id)).map((e) => e.action);
    expect(actions).toEqual(["submit", "claim", "reclaim", "reclaim", "dead-letter"]);
    await store.close();
    await queue.close();
  });
});

describe.skipIf(!PG_UP)("stopping a worker", { timeout: 180_000 }, () => {
  it("SIGTERM: the running job finishes within the grace, no new job is taken, exit 143", async () => {
    const server = testPostgres();
    try {
      const sb = await makeSandbox();
      const url = await server.database("stop");
      const env = { ...sb.env, ...JOB_ENV };
      const queue = await openQueue(url, { worker: { processEnv: env } });
      const ids = [];
      for (const f of ["store-benign-notes", "benign-minimal", "store-malicious-installer", "benign-git-helper"]) ids.push(await queue.submit({ archive: tarball(f), submittedBy: "c" }));
      const worker = spawnWorker(url, sb.policy, env);
      while (!/started/.test(worker.log())) await new Promise((r) => setTimeout(r, 10));
      expect(await worker.stop("SIGTERM"), worker.log()).toBe(143);
      const started = [...worker.log().matchAll(/submission (\d+): started/g)].map((m) => Number(m[1]));
      expect(started).toHaveLength(1);
      const states = await Promise.all(ids.map((id) => queue.status(id)));
      expect(states.find((s) => s!.id === started[0])!.state).toBe("done");
      expect(states.filter((s) => s!.state === "queued")).toHaveLength(3);
      await queue.close();
    } finally {
      await server.stop();
    }
  });
});

describe("the single-machine queue (SQLite, serve alone)", { timeout: 120_000 }, () => {
  it("runs uploads in-process with localWorker and reports each state", async () => {
    const sb = await makeSandbox();
    const db = join(sb.root, "serve.db");
    const queue = await openQueue(db, { localWorker: true, worker: { skip: STATIC_ONLY, policyPath: sb.policy, processEnv: sb.signingEnv, concurrency: 2 } });
    const ids = await Promise.all(["store-benign-notes", "store-borderline-autorun", "store-malicious-installer"].map((n) => queue.submit({ archive: tarball(n), submittedBy: "c" })));
    const done = await settle(queue, ids, 60_000);
    expect(ids.map((id) => done.get(id)?.verdict)).toEqual(["approved", "review", "rejected"]);
    await queue.close();
    const store = new SqliteStore(db);
    expect((await store.auditLog(ids[0]!)).map((e) => e.action)).toEqual(["submit", "claim", "analyse", "sign"]);
    await store.close();
  });

  it("skillsign worker on a SQLite path retries a crashing job, then dead-letters it", async () => {
    const sb = await makeSandbox();
    const db = join(sb.root, "local.db");
    const queue = await openQueue(db);
    const id = await queue.submit({ archive: tarball("store-benign-notes"), submittedBy: "c" });
    expect((await queue.status(id))!.state).toBe("queued");
    const worker = spawnWorker(db, sb.policy, { ...sb.env, TMPDIR: join(sb.root, "no-such-dir") });
    const done = await settle(queue, [id], 60_000);
    await worker.stop();
    const log = worker.log();
    expect(done.get(id), log).toMatchObject({ state: "failed", deadLetter: true });
    expect(log.match(/the queue will retry/g)).toHaveLength(3);
    const store = new SqliteStore(db);
    expect((await store.auditLog(id)).map((e) => e.action)).toEqual(["submit", "claim", "reclaim", "reclaim", "dead-letter"]);
    await store.close();
    await queue.close();
  });
});
