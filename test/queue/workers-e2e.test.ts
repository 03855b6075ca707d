import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgStore } from "../../src/store/index.js";
import { startServe, type ServeProcess } from "../service/serve-process.js";
import { PG_UP, testPostgres, type PgServer } from "../store/pg-server.js";
import { makeSandbox, type Sandbox } from "../workflow/cli-harness.js";
import { spawnWorker, tarball, type WorkerProcess } from "./helpers.js";

// 20 fixtures x 3 copies: approved copies of one skill must get sequences 1..n.
const BENIGN = ["store-benign-notes", "benign-minimal", "benign-git-helper", "benign-pdf-tools", "benign-prose-only", "benign-data-analysis", "benign-emoji-i18n", "benign-ssh-config", "store-borderline-autorun", "benign-cron-explainer"];
const MALICIOUS = ["malicious-env-exfil", "malicious-reverse-shell-script", "malicious-ssh-key-exfil", "malicious-discord-webhook", "malicious-rm-rf-home", "malicious-xmrig-miner", "malicious-keychain", "malicious-base64-oneliner", "store-malicious-installer", "malicious-pastebin-stage2"];
const FIXTURES = [...BENIGN, ...MALICIOUS].flatMap((f) => [f, f, f]);
const JOB_ENV = { SKILLSIGN_JOB_TIMEOUT_SECONDS: "30", SKILLSIGN_QUEUE_MAINTENANCE_SECONDS: "1", SKILLSIGN_JOB_RETRIES: "2" };

interface Status {
  id: number;
  state: string;
  verdict: string | null;
  failureReason?: string | null;
}

/** Polls every submission through the API (with its creator's token) until done/failed or the time is up. */
async function settleHttp(serve: ServeProcess, owned: Map<number, string>, timeoutMs: number): Promise<Map<number, Status>> {
  const seen = new Map<number, Status>();
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const [id, token] of owned) {
      if (["done", "failed"].includes(seen.get(id)?.state ?? "")) continue;
      const r = await fetch(`${serve.url}/v1/submissions/${id}`, { headers: { authorization: `Bearer ${token}` } });
      if (r.status === 200) seen.set(id, (await r.json()) as Status);
    }
    if ([...owned.keys()].every((id) => ["done", "failed"].includes(seen.get(id)?.state ?? "")) || Date.now() > end) return seen;
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe.skipIf(!PG_UP)("serve + three workers on one PostgreSQL queue, one SIGKILLed mid-job", { timeout: 400_000 }, () => {
  let server: PgServer;
  let sb: Sandbox;
  let serve: ServeProcess | undefined;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    server = testPostgres();
    sb = await makeSandbox();
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop("SIGKILL")));
    await serve?.stop();
    await server?.stop();
  });

  it("brings all 60 concurrent submissions to exactly one verdict, none lost or duplicated, sequences contiguous, audit complete", async () => {
    const url = await server.database("e2e");
    serve = await startServe(["--rate-limit", "1000000"], { db: url, env: JOB_ENV });
    // Workers sign with the key serve's harness generated; the test policy requires manifest + patterns.
    const env = { ...serve.env, ...JOB_ENV };
    const creators = [1, 2, 3].map((i) => serve!.cli(["tokens", "create", "--role", "creator", "--name", `creator-${i}`, "--db", url]).trim());

    const post = async (f: string, i: number) => {
      const token = creators[i % 3]!;
      const r = await fetch(`${serve!.url}/v1/submissions`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/gzip" }, body: tarball(f) });
      expect(r.status, await r.clone().text()).toBe(202);
      return { id: ((await r.json()) as { id: number }).id, token };
    };
    // The queue hands out the oldest jobs first: the first two are posted one after the other and carry a
    // script (Semgrep runs, seconds per job), so the victim's first two jobs are surely still running when it
    // is killed. Then 58 uploads at once through the API.
    const head = [await post(FIXTURES[0]!, 0), await post(FIXTURES[1]!, 1)];
    const posted = [...head, ...(await Promise.all(FIXTURES.slice(2).map((f, i) => post(f, i + 2))))];
    const ids = posted.map((p) => p.id);
    const owned = new Map(posted.map((p) => [p.id, p.token]));
    expect(new Set(ids).size).toBe(60);
    // A creator cannot see another's submission.
    expect((await fetch(`${serve.url}/v1/submissions/${ids[0]}`, { headers: { authorization: `Bearer ${creators[1]}` } })).status).toBe(404);

    // The victim starts alone once everything is queued (it also runs Semgrep) and is killed the moment it
    // has a job in hand; then the two survivors start.
    const victim = spawnWorker(url, sb.policy, env, ["--concurrency", "2"], ["dependencies", "build", "image-scan", "behavior"]);
    workers.push(victim);
    const t0 = Date.now();
    while (!/started/.test(victim.log()) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 20));
    expect(victim.log()).toMatch(/started/);
    victim.child.kill("SIGKILL");
    await victim.stop("SIGKILL");
    const lost = [...victim.log().matchAll(/submission (\d+): started/g)].map((m) => Number(m[1]));
    expect(FIXTURES[0], "the slow fixture posted first").toBe("store-benign-notes");
    expect(lost.every((id) => head.some((h) => h.id === id)), `the victim took the oldest jobs: ${lost.join(", ")}`).toBe(true);
    for (let i = 1; i < 3; i++) workers.push(spawnWorker(url, sb.policy, env, ["--concurrency", "2"]));

    const done = await settleHttp(serve, owned, 300_000);
    const logs = workers.map((w) => w.log()).join("\n");
    expect([...done.values()].filter((s) => s.state !== "done").map((s) => `${s.id}:${s.state}:${s.failureReason}`), logs).toEqual([]);

    const store = await new PgStore(url).init();
    try {
      const rows = await store.listSubmissions();
      expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
      const byFixture = new Map<string, string[]>();
      for (const [i, id] of ids.entries()) {
        const row = rows.find((r) => r.id === id)!;
        byFixture.set(FIXTURES[i]!, [...(byFixture.get(FIXTURES[i]!) ?? []), row.state]);
        // The audit trail of each: submitted, claimed (again after a lost worker), one verdict, one signature if approved.
        const audit = await store.auditLog(id);
        const actions = audit.map((e) => e.action).join(",");
        expect(actions, `submission ${id}`).toMatch(row.state === "approved" ? /^submit,claim,(reclaim,)*analyse,sign$/ : /^submit,claim,(reclaim,)*analyse$/);
        expect(audit.filter((e) => e.action === "analyse")).toHaveLength(1);
        expect(audit.at(-1)!.action === "sign" ? audit.at(-2)!.toState : audit.at(-1)!.toState).toBe(row.state);
      }
      // Same content, same verdict; malicious never approved; the benign store fixture approved.
      for (const [f, states] of byFixture) expect(new Set(states).size, f).toBe(1);
      for (const f of MALICIOUS) expect(byFixture.get(f)![0], f).not.toBe("approved");
      expect(byFixture.get("store-benign-notes")![0]).toBe("approved");

      // Signatures: one per approved submission, per-skill sequences 1..n without gaps or repeats.
      const approved = rows.filter((r) => r.state === "approved");
      expect(approved.length).toBeGreaterThan(0);
      for (const name of new Set(approved.map((r) => r.skillName))) {
        const sigs = await store.signatures(name);
        expect(sigs.map((s) => s.sequence)).toEqual(sigs.map((_, i) => i + 1));
        expect(sigs.map((s) => s.submissionId).sort()).toEqual(approved.filter((r) => r.skillName === name).map((r) => r.id).sort());
      }

      const count = (st: string) => rows.filter((r) => r.state === st).length;
      console.log(`60 submissions: ${count("approved")} approved, ${count("review")} review, ${count("rejected")} rejected; killed worker had ${lost.length} unfinished (${lost.join(", ")}), retried elsewhere`);
      // The victim finished nothing; its jobs were retried on another worker: reclaimed, attempt 2+.
      expect(rows.filter((r) => r.owner?.pid === victim.child.pid)).toEqual([]);
      expect(lost.length).toBeGreaterThan(0);
      for (const id of lost) {
        const row = rows.find((r) => r.id === id)!;
        expect(row.attempt, `submission ${id}`).toBeGreaterThanOrEqual(2);
        expect(row.owner!.pid).not.toBe(victim.child.pid);
        expect((await store.auditLog(id)).map((e) => e.action)).toContain("reclaim");
      }
    } finally {
      await store.close();
      await Promise.all(workers.slice(1).map((w) => w.stop("SIGTERM")));
    }
  });
});
