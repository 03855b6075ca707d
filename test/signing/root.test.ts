// Root of trust after TUF: threshold root rotation, a signed catalog with version and expiry, a
// timestamp for freshness, replay protection. Verification runs through the CLI where it matters.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";

// Many CLI processes per test: allow for a loaded machine.
vi.setConfig({ testTimeout: 400_000 });
import { signRevocations } from "../../src/signing/revocation.js";
import { catalogSkillFromFile, initRoot, publishCatalog, refreshTimestamp, rotateRoot, type KeySigner, type RootPlan } from "../../src/signing/root/publish.js";
import { verifySkill } from "../../src/signing/verify.js";
import { newSigner, signFolder, tempDir, writeSkill } from "./helpers.js";

const REPO = resolve(import.meta.dirname, "..", "..");
const BIN = join(REPO, "dist", "bin", "skillsign.js");
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY);

interface Keys {
  r1: KeySigner; r2: KeySigner; r3: KeySigner; r4: KeySigner;
  targets: KeySigner; timestamp: KeySigner; snapshot: KeySigner; signing: KeySigner; signing2: KeySigner; revocation: KeySigner;
}
let k: Keys;

function plan(version: number, rootKeys: KeySigner[], threshold: number, signing: KeySigner): RootPlan {
  return {
    version,
    expires: inDays(365),
    roles: {
      root: { keys: rootKeys, threshold },
      targets: { keys: [k.targets], threshold: 1 },
      snapshot: { keys: [k.snapshot], threshold: 1 },
      timestamp: { keys: [k.timestamp], threshold: 1 },
      signing: { keys: [signing], threshold: 1 },
      revocation: { keys: [k.revocation], threshold: 1 },
    },
  };
}

/** A trust folder with root v1 (2 of 3), one signed skill and a published catalog. */
async function setup(name = "cat-skill") {
  const dir = tempDir("skillsign-root-");
  const trustDir = join(dir, "trust");
  const home = tempDir("skillsign-root-home-");
  await initRoot(trustDir, plan(1, [k.r1, k.r2, k.r3], 2, k.signing), [k.r1, k.r2]);
  const skill = writeSkill(dir, name);
  const { sigPath } = await signFolder(skill, k.signing, home, { sequence: 1 });
  await publishCatalog(trustDir, [await catalogSkillFromFile(sigPath)], { targets: [k.targets], timestamp: [k.timestamp] }, { catalogExpires: inDays(30), timestampExpires: inDays(1) });
  return { dir, trustDir, trust: join(trustDir, "root.json"), home, skill, sigPath };
}

function cli(args: string[], home: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, SKILLSIGN_HOME: home }, encoding: "utf8" });
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return { code: r.status, json: r.stdout ? JSON.parse(r.stdout) : undefined, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(BIN)) execFileSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: REPO, stdio: "ignore" });
  const s = () => newSigner() as unknown as KeySigner;
  k = { r1: s(), r2: s(), r3: s(), r4: s(), targets: s(), timestamp: s(), snapshot: s(), signing: s(), signing2: s(), revocation: s() };
});

describe("root of trust", () => {
  it("a catalogued skill verifies through the CLI with root.json as the trust file", async () => {
    const t = await setup();
    const r = cli(["verify", t.skill, "--trust", t.trust, "--json"], t.home);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ok: true, reason: "ok", skill: { name: "cat-skill", sequence: 1 } });
  });

  it("only the catalog's current signature verifies: a newer unpublished or an older re-published one is rollback; absent is unlisted", async () => {
    const t = await setup();
    const old = join(t.dir, "old");
    cpSync(t.skill, join(old, "cat-skill"), { recursive: true });
    cpSync(t.sigPath, join(old, "cat-skill.skillsig.json"));
    writeFileSync(join(t.skill, "references/notes.md"), "v2 notes\n");
    const { sigPath } = await signFolder(t.skill, k.signing, t.home, { sequence: 2 });
    expect((await verifySkill(t.skill, { trustPath: t.trust, home: t.home })).reason).toBe("rollback");
    await publishCatalog(t.trustDir, [await catalogSkillFromFile(sigPath)], { targets: [k.targets], timestamp: [k.timestamp] }, { catalogExpires: inDays(30), timestampExpires: inDays(1) });
    expect((await verifySkill(t.skill, { trustPath: t.trust, home: t.home })).reason).toBe("ok");
    // The old version on a machine that never saw v2: the catalog alone refuses it.
    const fresh = tempDir("skillsign-root-fresh-");
    const r = cli(["verify", join(old, "cat-skill"), "--trust", t.trust, "--json"], fresh);
    expect(r.code).toBe(1);
    expect(r.json.reason).toBe("rollback");
    const other = writeSkill(t.dir, "not-listed");
    await signFolder(other, k.signing, t.home);
    expect((await verifySkill(other, { trustPath: t.trust, home: t.home })).reason).toBe("unlisted");
  });

  it("an expired catalog refuses with expired-metadata; so does an expired timestamp", async () => {
    const t = await setup();
    await publishCatalog(t.trustDir, [], { targets: [k.targets], timestamp: [k.timestamp] }, { catalogExpires: new Date(Date.now() - DAY), timestampExpires: inDays(1) });
    const r = cli(["verify", t.skill, "--trust", t.trust, "--json"], t.home);
    expect(r.code).toBe(1);
    expect(r.json.reason).toBe("expired-metadata");
    expect(r.json.message).toContain("catalog expired");
    const u = await setup();
    await refreshTimestamp(u.trustDir, [k.timestamp], new Date(Date.now() - 1000));
    const v = await verifySkill(u.skill, { trustPath: u.trust, home: u.home });
    expect(v.reason).toBe("expired-metadata");
    expect(v.message).toContain("timestamp expired");
  });

  it("a replayed older catalog and timestamp, or a catalog the timestamp does not name, are refused", async () => {
    const t = await setup();
    const saved = { cat: readFileSync(join(t.trustDir, "catalog.json")), ts: readFileSync(join(t.trustDir, "timestamp.json")) };
    await publishCatalog(t.trustDir, [], { targets: [k.targets], timestamp: [k.timestamp] }, { catalogExpires: inDays(30), timestampExpires: inDays(1) });
    expect((await verifySkill(t.skill, { trustPath: t.trust, home: t.home })).reason).toBe("ok");
    const v2cat = readFileSync(join(t.trustDir, "catalog.json"));
    writeFileSync(join(t.trustDir, "catalog.json"), saved.cat);
    writeFileSync(join(t.trustDir, "timestamp.json"), saved.ts);
    const r = cli(["verify", t.skill, "--trust", t.trust, "--json"], t.home);
    expect(r.code).toBe(1);
    expect(r.json.reason).toBe("replayed-metadata");
    // The old catalog under the new timestamp: hash differs.
    await refreshTimestamp(t.trustDir, [k.timestamp], inDays(1));
    expect((await verifySkill(t.skill, { trustPath: t.trust, home: t.home })).reason).toBe("replayed-metadata");
    writeFileSync(join(t.trustDir, "catalog.json"), v2cat);
  });

  it("rotates the root with a threshold of 2 of 3; a rotation signed by one old key is refused", async () => {
    const t = await setup();
    // v2: root keys {r2, r3, r4} (2 of 3) and a new signing key. Signed by r1+r2 (old threshold) and r3+r4 (new).
    await rotateRoot(t.trustDir, plan(2, [k.r2, k.r3, k.r4], 2, k.signing2), [k.r1, k.r2, k.r3, k.r4]);
    const r = await verifySkill(t.skill, { trustPath: t.trust, home: t.home });
    expect(r.reason).toBe("untrusted-key");
    const { sigPath } = await signFolder(t.skill, k.signing2, t.home, { sequence: 2 });
    await publishCatalog(t.trustDir, [await catalogSkillFromFile(sigPath)], { targets: [k.targets], timestamp: [k.timestamp] }, { catalogExpires: inDays(30), timestampExpires: inDays(1) });
    expect((await verifySkill(t.skill, { trustPath: t.trust, home: t.home })).reason).toBe("ok");
    // v3 signed by only one key of v2's root set (plus its own new keys): refused.
    await rotateRoot(t.trustDir, plan(3, [k.r1, k.r4], 1, k.signing), [k.r4, k.r1]);
    const bad = cli(["verify", t.skill, "--trust", t.trust, "--json"], t.home);
    expect(bad.code).toBe(1);
    expect(bad.json.reason).toBe("bad-signature");
    expect(bad.json.message).toContain("3.root.json");
    // Removing the rotation files after v2 was seen here is a replay.
    rmSync(join(t.trustDir, "3.root.json"));
    rmSync(join(t.trustDir, "2.root.json"));
    expect((await verifySkill(t.skill, { trustPath: t.trust, home: t.home })).reason).toBe("replayed-metadata");
  });

  it("keys outside their role sign nothing: a timestamp key's skill signature, a signing key's revocation list", async () => {
    const t = await setup();
    await signFolder(t.skill, k.timestamp, t.home, { sequence: 1 });
    expect((await verifySkill(t.skill, { trustPath: t.trust, home: t.home })).reason).toBe("untrusted-key");
    const u = await setup();
    const list = { schemaVersion: 2 as const, version: 1, issuedAt: new Date().toISOString(), expires: inDays(10).toISOString(), revoked: [] };
    writeFileSync(join(u.trustDir, "revocations.json"), JSON.stringify(await signRevocations(list, k.signing)));
    expect((await verifySkill(u.skill, { trustPath: u.trust, home: u.home })).reason).toBe("malformed");
    writeFileSync(join(u.trustDir, "revocations.json"), JSON.stringify(await signRevocations({ ...list, revoked: [{ keyId: k.signing.keyId, revokedAt: new Date().toISOString() }] }, k.revocation)));
    expect((await verifySkill(u.skill, { trustPath: u.trust, home: u.home })).reason).toBe("revoked");
  });

  it("trust init / publish / rotate-root through the CLI: 2 of 3, a rotation by one outsider key is refused", () => {
    const w = tempDir("skillsign-root-cli-");
    const env = { SKILLSIGN_KEY_PASSPHRASE: "root-cli-passphrase-Pq4" };
    const run = (args: string[]) => {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: w, env: { ...process.env, SKILLSIGN_HOME: join(w, "h"), ...env }, encoding: "utf8" });
      expect(r.stderr).not.toMatch(/\n\s+at /);
      return r;
    };
    for (const name of ["r1", "r2", "r3", "r4", "cat", "ts", "sig"]) expect(run(["keys", "generate", "--out", `k/${name}`]).status).toBe(0);
    const key = (n: string) => `k/${n}/skillsign.key`;
    const roles = ["--targets-key", key("cat"), "--timestamp-key", key("ts"), "--signing-key", key("sig")];
    expect(run(["trust", "init", "--dir", "T", "--threshold", "2", "--root-key", key("r1"), "--root-key", key("r2"), "--root-key", key("r3"), ...roles]).status).toBe(0);
    const skill = writeSkill(w, "hi");
    expect(run(["sign", skill, "--key", key("sig")]).status).toBe(0);
    expect(run(["trust", "publish", `${skill}.skillsig.json`, "--dir", "T", "--targets-key", key("cat"), "--timestamp-key", key("ts")]).status).toBe(0);
    const verify = () => JSON.parse(run(["verify", skill, "--trust", "T/root.json", "--json"]).stdout);
    expect(verify().reason).toBe("ok");
    // v2: root keys r2, r3, r4 (2 of 3), signed by r1+r2 (old) and r2+r4 (new).
    const rot = run(["trust", "rotate-root", "--dir", "T", "--root-version", "2", "--threshold", "2", "--root-key", key("r2"), "--root-key", key("r3"), "--root-key", key("r4"), "--sign-key", key("r1"), "--sign-key", key("r2"), "--sign-key", key("r4"), ...roles]);
    expect(rot.status).toBe(0);
    expect(existsSync(join(w, "T", "2.root.json"))).toBe(true);
    expect(verify().reason).toBe("ok");
    // v3 signed only by r1, no longer a root key: refused.
    expect(run(["trust", "rotate-root", "--dir", "T", "--root-version", "3", "--root-key", key("r1"), "--sign-key", key("r1"), ...roles]).status).toBe(0);
    expect(verify()).toMatchObject({ ok: false, reason: "bad-signature" });
  });
});
