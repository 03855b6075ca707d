import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packSkill } from "../../src/service/client/pack.js";
import { openServiceDb } from "../../src/service/db/service-db.js";
import { parseConfigKey } from "../../src/service/settings/cipher.js";
import { patchSettings } from "../../src/service/settings/settings.js";
import { workerEnvAt } from "../../src/service/settings/worker-env.js";
import { startServe, waitForState } from "./serve-process.js";

const KEY = randomBytes(32).toString("base64");
const SNYK = "SKILLSIGN_CANARY_snyk_from_settings_7c1d";
const dir = mkdtempSync(join(tmpdir(), "skillsign-worker-env-"));

async function storeWithSnykSetting(name: string): Promise<string> {
  const db = join(dir, `${name}.db`);
  const sdb = await openServiceDb(db);
  try {
    await patchSettings(sdb, parseConfigKey(KEY), { SNYK_TOKEN: SNYK }, "test");
  } finally {
    await sdb.close();
  }
  return db;
}

describe("SNYK_TOKEN from the encrypted settings reaches the workers", () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("adds it only with SKILLSIGN_CONFIG_KEY and no SNYK_TOKEN of the worker's own", async () => {
    const db = await storeWithSnykSetting("unit");
    expect((await workerEnvAt(db, { SKILLSIGN_CONFIG_KEY: KEY })).SNYK_TOKEN).toBe(SNYK);
    expect((await workerEnvAt(db, { SKILLSIGN_CONFIG_KEY: KEY, SNYK_TOKEN: "own" })).SNYK_TOKEN).toBe("own");
    expect((await workerEnvAt(db, {})).SNYK_TOKEN).toBeUndefined();
  });

  it("serve's in-process worker runs the dependencies stage with the token (its Snyk check no longer says 'not set'), and never prints it", async () => {
    const db = await storeWithSnykSetting("serve");
    const env = { SKILLSIGN_CONFIG_KEY: KEY, SNYK_TOKEN: "" };
    const serve = await startServe(["--skip", "build,image-scan,behavior"], { db, env });
    try {
      const creator = serve.cli(["tokens", "create", "--role", "creator", "--name", "alice", "--db", db]).trim();
      const up = await fetch(`${serve.url}/v1/submissions`, {
        method: "POST",
        headers: { authorization: `Bearer ${creator}`, "content-type": "application/gzip" },
        body: await packSkill(join(__dirname, "..", "fixtures", "skills", "deps-unpinned-python")),
      });
      const { id } = (await up.json()) as { id: number };
      await waitForState(serve.url, creator, id, (s) => s.state === "done" || s.state === "failed");
      const report = (await (await fetch(`${serve.url}/v1/submissions/${id}/report`, { headers: { authorization: `Bearer ${creator}` } })).json()) as {
        stages: { stageId: string; checks: Record<string, string> | null }[];
      };
      const snyk = report.stages.find((s) => s.stageId === "dependencies")?.checks?.snyk ?? "";
      expect(snyk).not.toMatch(/SNYK_TOKEN not set/);
      expect(snyk).toMatch(/SNYK_TOKEN is set|snyk/i);
      expect(serve.output()).not.toContain(SNYK);
    } finally {
      await serve.stop();
    }
  });
});
