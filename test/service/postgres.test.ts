import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packSkill } from "../../src/service/client/pack.js";
import { PG_UP, testPostgres, type PgServer } from "../store/pg-server.js";
import { RecordingQueue, startHarness } from "./helpers.js";
import { CLI, startServe, waitForState } from "./serve-process.js";

const FIXTURE = join(__dirname, "..", "fixtures", "skills", "deps-unpinned-python");

/** The service's own tables and the reviewer flow on PostgreSQL (the server scripts/setup starts). */
describe.skipIf(!PG_UP)("service on PostgreSQL", () => {
  let server: PgServer;
  beforeAll(() => {
    server = testPostgres();
  });
  afterAll(async () => server?.stop());

  async function rows(url: string, sql: string): Promise<Record<string, unknown>[]> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  }

  it("stores token hashes only, keeps settings encrypted, and round-trips ********", async () => {
    const url = await server.database("svc");
    const key = randomBytes(32).toString("base64");
    const h = await startHarness(new RecordingQueue(), { db: url, env: { SKILLSIGN_CONFIG_KEY: key } });
    try {
      const admin = await h.token("admin", "root");
      const creator = await h.token("creator", "alice");
      const tokens = await rows(url, "SELECT * FROM service_tokens ORDER BY name");
      expect(tokens.map((t) => [t.name, t.role, t.token_hash])).toEqual([
        ["alice", "creator", createHash("sha256").update(creator).digest("hex")],
        ["root", "admin", createHash("sha256").update(admin).digest("hex")],
      ]);
      expect(JSON.stringify(tokens)).not.toContain(creator.slice(4));

      const secret = "SKILLSIGN_CANARY_pg_snyk_51e0";
      const patch = (body: unknown) => h.fetch("/v1/settings", { method: "PATCH", token: admin, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      expect(await (await patch({ SNYK_TOKEN: secret, workerDatabase: { user: "w", password: secret } })).json()).toEqual({ SNYK_TOKEN: "********", workerDatabase: { user: "w", password: "********" } });
      expect((await patch({ SNYK_TOKEN: "********", workerDatabase: { user: "w2", password: "********" } })).status).toBe(200);
      const stored = await rows(url, "SELECT * FROM service_settings");
      expect(stored).toHaveLength(1);
      expect(JSON.stringify(stored)).not.toContain(secret);
      const { readSettings } = await import("../../src/service/settings/settings.js");
      const { openServiceDb } = await import("../../src/service/db/service-db.js");
      const { parseConfigKey } = await import("../../src/service/settings/cipher.js");
      const sdb = await openServiceDb(url);
      try {
        expect(await readSettings(sdb, parseConfigKey(key))).toEqual({ SNYK_TOKEN: secret, workerDatabase: { user: "w2", password: secret } });
      } finally {
        await sdb.close();
      }
    } finally {
      await h.close();
    }
  });

  it("serve + one worker on PostgreSQL: upload, review, approve over the API; the creator sees it signed", async () => {
    const url = await server.database("flow");
    const serve = await startServe([], { db: url });
    const worker = spawn("node", [CLI, "worker", "--db", url, "--skip", "build,image-scan,behavior"], { env: serve.env, stdio: ["ignore", "ignore", "pipe"] });
    let werr = "";
    worker.stderr!.on("data", (c: Buffer) => (werr += c.toString()));
    try {
      const creator = serve.cli(["tokens", "create", "--role", "creator", "--name", "alice", "--db", url]).trim();
      const reviewer = serve.cli(["tokens", "create", "--role", "reviewer", "--name", "rita", "--db", url]).trim();
      const up = await fetch(`${serve.url}/v1/submissions`, { method: "POST", headers: { authorization: `Bearer ${creator}`, "content-type": "application/gzip" }, body: await packSkill(FIXTURE) });
      expect(up.status).toBe(202);
      const { id } = (await up.json()) as { id: number };
      const s = await waitForState(serve.url, creator, id, (x) => x.state === "done" || x.state === "failed", 240_000).catch((e: Error) => {
        throw new Error(`${e.message}\nserve:\n${serve.output()}\nworker:\n${werr}`);
      });
      expect(s).toMatchObject({ state: "done", verdict: "review" });
      const auth = { authorization: `Bearer ${reviewer}`, "content-type": "application/json" };
      const detail = (await (await fetch(`${serve.url}/v1/review/submissions/${id}`, { headers: auth })).json()) as { findings: { ruleId: string }[]; diff: unknown };
      expect(detail.findings.map((f) => f.ruleId)).toContain("dependencies.git-dependency");
      const ok = await fetch(`${serve.url}/v1/review/submissions/${id}/approve`, { method: "POST", headers: auth, body: JSON.stringify({ note: "mirror is ours" }) });
      expect(ok.status, await ok.clone().text()).toBe(200);
      const final = (await (await fetch(`${serve.url}/v1/submissions/${id}`, { headers: { authorization: `Bearer ${creator}` } })).json()) as Record<string, unknown>;
      expect(final).toMatchObject({ state: "done", verdict: "approved", signed: true });
      const audit = await rows(url, `SELECT action, actor FROM audit_log WHERE submission_id = ${id} ORDER BY id`);
      expect(audit).toContainEqual({ action: "review-approve", actor: "rita" });
    } finally {
      worker.kill("SIGTERM");
      await new Promise((r) => worker.once("exit", r));
      await serve.stop();
    }
  }, 300_000);
});
