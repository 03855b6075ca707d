import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordingQueue, dbBytes, startHarness, type Harness } from "./helpers.js";

const CLI = join(__dirname, "..", "..", "dist", "bin", "skillsign.js");
const KEY = randomBytes(32).toString("base64");
// Canary values only: shaped like secrets so a leak would be visible, usable nowhere.
const SNYK = "SKILLSIGN_CANARY_snyk_0d9f7e";
const HOOK = "SKILLSIGN_CANARY_hook_6b1c2a";
const DBPASS = "SKILLSIGN_CANARY_dbpass_93aa1f";
const SECRETS = [SNYK, HOOK, DBPASS];

describe("encrypted settings over the API (admin only)", () => {
  let h: Harness;
  let admin = "";
  let reviewer = "";
  beforeAll(async () => {
    h = await startHarness(new RecordingQueue(), { env: { SKILLSIGN_CONFIG_KEY: KEY } });
    admin = await h.token("admin", "root");
    reviewer = await h.token("reviewer", "rita");
  });
  afterAll(async () => h?.close());

  const patch = (body: unknown, token = admin) =>
    h.fetch("/v1/settings", { method: "PATCH", token, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("stores secrets encrypted and shows them only as ******** (the round trip keeps them)", async () => {
    const first = await patch({ SNYK_TOKEN: SNYK, webhooks: [{ url: "https://hooks.example.invalid/skillsign", secret: HOOK }], workerDatabase: { host: "db.invalid", user: "worker", password: DBPASS } });
    expect(first.status).toBe(200);
    const shown = { SNYK_TOKEN: "********", webhooks: [{ url: "https://hooks.example.invalid/skillsign", secret: "********" }], workerDatabase: { host: "db.invalid", user: "worker", password: "********" } };
    expect(await first.json()).toEqual(shown);

    const got = await h.fetch("/v1/settings", { token: admin });
    expect(await got.json()).toEqual(shown);

    // The client sends back exactly what it got, changing one plain field: the secrets stay.
    const round = await patch({ ...shown, workerDatabase: { ...shown.workerDatabase, host: "db2.invalid" } });
    expect(round.status).toBe(200);
    expect(await round.json()).toEqual({ ...shown, workerDatabase: { ...shown.workerDatabase, host: "db2.invalid" } });

    const plain = JSON.parse(execFileSync("node", [CLI, "settings", "show", "--db", h.db], { env: { ...process.env, SKILLSIGN_CONFIG_KEY: KEY } }).toString());
    expect(plain.workerDatabase.host).toBe("db2.invalid");
    expect(plain.SNYK_TOKEN).toBe("********");

    // Decrypted with the key, the stored secrets are still the originals, not the mask.
    const { readSettings } = await import("../../src/service/settings/settings.js");
    const { openServiceDb } = await import("../../src/service/db/service-db.js");
    const { parseConfigKey } = await import("../../src/service/settings/cipher.js");
    const sdb = await openServiceDb(h.db);
    try {
      const stored = await readSettings(sdb, parseConfigKey(KEY));
      expect(stored).toEqual({ SNYK_TOKEN: SNYK, webhooks: [{ url: "https://hooks.example.invalid/skillsign", secret: HOOK }], workerDatabase: { host: "db2.invalid", user: "worker", password: DBPASS } });
    } finally {
      await sdb.close();
    }

    // No secret appears anywhere in the database files, the responses' log, or in plaintext JSON.
    for (const f of readdirSync(h.dir).filter((n) => n.startsWith("store.db"))) {
      const bytes = dbBytes(h.dir, [f]);
      for (const s of SECRETS) expect(bytes).not.toContain(s);
      expect(bytes).not.toContain("db2.invalid");
    }
    for (const s of SECRETS) expect(h.logs.join("\n")).not.toContain(s);
  });

  it("refuses ******** where nothing is stored, and unknown fields (schema)", async () => {
    const r1 = await patch({ webhooks: [{ url: "https://a.invalid/x", secret: "********" }, { url: "https://b.invalid/y", secret: "********" }] });
    expect(r1.status).toBe(400);
    expect(((await r1.json()) as { error: { message: string } }).error.message).toMatch(/none is stored/);
    const r2 = await patch({ surprise: 1 });
    expect(r2.status).toBe(400);
    const r3 = await patch({ workerDatabase: { port: "x" } });
    expect(r3.status).toBe(400);
  });

  it("is for admins only", async () => {
    expect((await h.fetch("/v1/settings", { token: reviewer })).status).toBe(403);
    expect((await patch({ SNYK_TOKEN: null }, reviewer)).status).toBe(403);
    expect((await h.fetch("/v1/settings")).status).toBe(401);
  });

  it("rotate-key re-encrypts under the new key; the old key no longer opens it", async () => {
    const NEW = randomBytes(32).toString("hex");
    const env = { ...process.env, SKILLSIGN_CONFIG_KEY: KEY, SKILLSIGN_NEW_CONFIG_KEY: NEW };
    const before = cipherRow(h.db);
    expect(execFileSync("node", [CLI, "settings", "rotate-key", "--db", h.db], { env }).toString()).toMatch(/re-encrypted: key [0-9a-f]{16} -> [0-9a-f]{16}/);
    const after = cipherRow(h.db);
    expect(after.key_id).not.toBe(before.key_id);
    expect(after.ciphertext).not.toBe(before.ciphertext);
    // A re-run is a no-op, not a double encryption.
    expect(execFileSync("node", [CLI, "settings", "rotate-key", "--db", h.db], { env }).toString()).toMatch(/nothing to re-encrypt/);
    const shown = JSON.parse(execFileSync("node", [CLI, "settings", "show", "--db", h.db], { env: { ...process.env, SKILLSIGN_CONFIG_KEY: NEW } }).toString());
    expect(shown.workerDatabase).toEqual({ host: "db2.invalid", user: "worker", password: "********" });
    let err = "";
    try {
      execFileSync("node", [CLI, "settings", "show", "--db", h.db], { env: { ...process.env, SKILLSIGN_CONFIG_KEY: KEY }, stdio: "pipe" });
    } catch (e) {
      err = String((e as { stderr: Buffer }).stderr);
      expect((e as { status: number }).status).toBe(2);
    }
    expect(err).toMatch(/encrypted under key .* rotate/);
    // The running server still has the old key: it answers with a clear 503, not garbage.
    const res = await h.fetch("/v1/settings", { token: admin });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("CONFIG_KEY_WRONG");
  });
});

function cipherRow(file: string): { key_id: string; ciphertext: string } {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT key_id, ciphertext FROM service_settings WHERE id = 1").get() as { key_id: string; ciphertext: string };
  } finally {
    db.close();
  }
}
