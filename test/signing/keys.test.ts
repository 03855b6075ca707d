import { readFileSync, statSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { KeyError } from "../../src/signing/error.js";
import { decryptSeed, parseKeyFile, passphraseFromEnv } from "../../src/signing/key-file.js";
import { generateKeyPair, loadSigningKey, revokeKey, rotateKeys } from "../../src/signing/keys.js";
import { listKeys } from "../../src/signing/key-status.js";
import { loadRevocations, REVOCATIONS_PAYLOAD_TYPE, signRevocations } from "../../src/signing/revocation.js";
import { loadTrustFile } from "../../src/signing/trust.js";
import { verifySkill } from "../../src/signing/verify.js";
import { signFolder, tempDir, writeSkill } from "./helpers.js";

const passphrase = "correct horse battery staple";
const fast = { passphrase, scryptN: 2 ** 10 };

describe("key files", () => {
  it("generate writes an encrypted 0600 key, a public key and a trust file; load round-trips", async () => {
    const dir = join(tempDir(), "keys");
    const k = await generateKeyPair(dir, fast);
    expect(statSync(k.keyPath).mode & 0o777).toBe(0o600);
    const file = parseKeyFile(readFileSync(k.keyPath, "utf8"), k.keyPath);
    expect(file.kdf).toMatchObject({ name: "scrypt", N: 1024, r: 8, p: 1 });
    expect(file.cipher.name).toBe("aes-256-gcm");
    const seed = decryptSeed(file, passphrase);
    const text = readFileSync(k.keyPath, "utf8");
    expect(text).not.toContain(Buffer.from(seed).toString("hex"));
    expect(text).not.toContain(Buffer.from(seed).toString("base64"));
    const signer = await loadSigningKey(k.keyPath, passphrase);
    expect(signer.keyId).toBe(k.keyId);
    expect(JSON.stringify(signer)).not.toContain(Buffer.from(seed).toString("hex"));
    expect(inspect(signer, { showHidden: true, depth: 5 })).not.toMatch(new RegExp([...seed.subarray(0, 4)].join(", ")));
    const trust = (await loadTrustFile(k.trustPath)).trust;
    expect(trust.keys.map((x) => x.keyId)).toEqual([k.keyId]);
  });

  it("the default scrypt cost is N = 2^15", async () => {
    const k = await generateKeyPair(join(tempDir(), "keys"), { passphrase });
    expect(parseKeyFile(readFileSync(k.keyPath, "utf8"), "k").kdf.N).toBe(2 ** 15);
  });

  it("refuses to overwrite an existing key", async () => {
    const dir = join(tempDir(), "keys");
    await generateKeyPair(dir, fast);
    await expect(generateKeyPair(dir, fast)).rejects.toMatchObject({ code: "KEY_EXISTS" });
  });

  it("a wrong passphrase fails with KEY_DECRYPT_FAILED and says nothing about either secret", async () => {
    const k = await generateKeyPair(join(tempDir(), "keys"), fast);
    const err = await loadSigningKey(k.keyPath, "Tr0ub4dor-guess").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyError);
    expect((err as KeyError).code).toBe("KEY_DECRYPT_FAILED");
    expect((err as Error).message).not.toContain("Tr0ub4dor-guess");
    expect((err as Error).message).not.toContain(passphrase);
  });

  it("a tampered ciphertext fails the same way", async () => {
    const k = await generateKeyPair(join(tempDir(), "keys"), fast);
    const file = JSON.parse(readFileSync(k.keyPath, "utf8"));
    const ct = Buffer.from(file.ciphertext, "base64");
    ct[0] = ct[0]! ^ 1;
    file.ciphertext = ct.toString("base64");
    writeFileSync(k.keyPath, JSON.stringify(file));
    await expect(loadSigningKey(k.keyPath, passphrase)).rejects.toMatchObject({ code: "KEY_DECRYPT_FAILED" });
  });

  it("refuses to run without SKILLSIGN_KEY_PASSPHRASE", () => {
    expect(() => passphraseFromEnv({})).toThrow(UsageError);
    expect(() => passphraseFromEnv({ SKILLSIGN_KEY_PASSPHRASE: "" })).toThrow(/SKILLSIGN_KEY_PASSPHRASE/);
    expect(passphraseFromEnv({ SKILLSIGN_KEY_PASSPHRASE: "x" })).toBe("x");
  });
});

describe("rotation and revocation", () => {
  it("rotate keeps old signatures valid, retires the old key and makes the new one current", async () => {
    const root = tempDir();
    const home = tempDir("skillsign-home-");
    const dir = join(root, "keys");
    const first = await generateKeyPair(dir, fast);
    const skill = writeSkill(root, "rotated-skill");
    await signFolder(skill, await loadSigningKey(join(dir, "skillsign.key"), passphrase), home);
    const r = await rotateKeys(dir, fast);
    expect(r.oldKeyId).toBe(first.keyId);
    expect(readdirSync(dir)).toContain(`${first.keyId}.key`);
    expect((await loadSigningKey(join(dir, "skillsign.key"), passphrase)).keyId).toBe(r.newKeyId);
    const loaded = await loadTrustFile(join(dir, "trust.json"));
    expect(listKeys(loaded.trust, undefined).map((k) => k.status)).toEqual(["retired", "active"]);
    expect((await verifySkill(skill, { trustPath: join(dir, "trust.json"), home })).reason).toBe("ok");

    // A signature the old key makes after retirement is refused.
    const late = await loadSigningKey(join(dir, `${first.keyId}.key`), passphrase);
    await signFolder(skill, late, home, { signedAt: new Date(Date.now() + 1000) });
    expect((await verifySkill(skill, { trustPath: join(dir, "trust.json"), home })).reason).toBe("expired-key");
  });

  it("rotate with the wrong passphrase changes nothing", async () => {
    const dir = join(tempDir(), "keys");
    const first = await generateKeyPair(dir, fast);
    const before = readdirSync(dir).sort();
    await expect(rotateKeys(dir, { ...fast, passphrase: "typo-passphrase" })).rejects.toMatchObject({ code: "KEY_DECRYPT_FAILED" });
    expect(readdirSync(dir).sort()).toEqual(before);
    expect((await loadSigningKey(join(dir, "skillsign.key"), passphrase)).keyId).toBe(first.keyId);
  });

  it("revoke writes a signed list the trust file points at; signatures by the revoked key → revoked", async () => {
    const root = tempDir();
    const home = tempDir("skillsign-home-");
    const dir = join(root, "keys");
    const first = await generateKeyPair(dir, fast);
    const skill = writeSkill(root, "revoked-skill");
    await signFolder(skill, await loadSigningKey(join(dir, "skillsign.key"), passphrase), home);
    const trustPath = join(dir, "trust.json");
    // A signing key never signs a revocation list, not even after rotation: that needs the revocation role.
    await expect(revokeKey(dir, first.keyId, { ...fast, reason: "test" })).rejects.toMatchObject({ code: "NO_SIGNING_KEY" });
    await rotateKeys(dir, fast);
    await expect(revokeKey(dir, first.keyId, { ...fast, reason: "test" })).rejects.toMatchObject({ code: "NO_SIGNING_KEY" });
    const rev = await generateKeyPair(dir, { ...fast, role: "revocation" });
    const res = await revokeKey(dir, first.keyId, { ...fast, reason: "laptop lost" });
    expect(res.signedBy).toBe(rev.keyId);
    expect(res.list).toMatchObject({ schemaVersion: 2, version: 1 });
    const loaded = await loadTrustFile(trustPath);
    expect(loaded.trust.revocations).toBe("revocations.json");
    expect((await loadRevocations(loaded))?.revoked.map((x) => x.keyId)).toEqual([first.keyId]);
    const r = await verifySkill(skill, { trustPath, home });
    expect(r.reason).toBe("revoked");
    expect(r.message).toContain("laptop lost");
    expect(listKeys(loaded.trust, await loadRevocations(loaded)).map((k) => k.status)).toEqual(["revoked", "active", "active"]);
    // The next list carries the next version and keeps the earlier revocation.
    const again = await revokeKey(dir, undefined, fast);
    expect(again.list.version).toBe(2);
    expect(again.list.revoked.map((x) => x.keyId)).toEqual([first.keyId]);
  });

  it("an unverifiable revocation list makes verification fail closed as malformed", async () => {
    const root = tempDir();
    const home = tempDir("skillsign-home-");
    const dir = join(root, "keys");
    await generateKeyPair(dir, fast);
    const revInfo = await generateKeyPair(dir, { ...fast, role: "revocation" });
    const signer = await loadSigningKey(join(dir, "skillsign.key"), passphrase);
    const revSigner = await loadSigningKey(revInfo.keyPath, passphrase);
    const skill = writeSkill(root, "revlist-skill");
    await signFolder(skill, signer, home);
    const trustPath = join(dir, "trust.json");
    const trust = JSON.parse(readFileSync(trustPath, "utf8"));
    writeFileSync(trustPath, JSON.stringify({ ...trust, revocations: "revocations.json" }));
    const now = new Date();
    const list = (over: object = {}) => ({ schemaVersion: 2 as const, version: 1, issuedAt: now.toISOString(), expires: new Date(now.getTime() + 86_400_000).toISOString(), revoked: [], ...over });
    const cases: Array<[string, () => Promise<string>]> = [
      ["missing", async () => ""],
      ["garbage", async () => "nope"],
      ["signed by an untrusted key", async () => {
        const other = await generateKeyPair(join(root, "other"), { ...fast, role: "revocation" });
        return JSON.stringify(await signRevocations(list(), await loadSigningKey(other.keyPath, passphrase)));
      }],
      ["signed by a trusted signing-role key", async () => JSON.stringify(await signRevocations(list(), signer))],
      ["signed by a key it revokes", async () =>
        JSON.stringify(await signRevocations(list({ revoked: [{ keyId: revSigner.keyId, revokedAt: now.toISOString() }] }), revSigner))],
      ["tampered payload", async () => {
        const env = await signRevocations(list(), revSigner);
        return JSON.stringify({ ...env, payload: Buffer.from(JSON.stringify(list({ version: 9 }))).toString("base64") });
      }],
      ["a version-1 list without version or expiry", async () =>
        JSON.stringify(await signRevocations({ schemaVersion: 1, issuedAt: now.toISOString(), revoked: [] } as never, revSigner))],
      ["expiring in year 9999", async () => JSON.stringify(await signRevocations(list({ expires: "9999-12-31T00:00:00.000Z" }), revSigner))],
    ];
    for (const [name, make] of cases) {
      const text = await make();
      const p = join(dir, "revocations.json");
      if (text) writeFileSync(p, text);
      const r = await verifySkill(skill, { trustPath, home });
      expect(r.reason, name).toBe("malformed");
      expect(r.message, name).toMatch(/revocation list/);
    }
    // An expired list has its own reason.
    writeFileSync(join(dir, "revocations.json"), JSON.stringify(await signRevocations(list({ issuedAt: "2020-01-01T00:00:00.000Z", expires: "2020-02-01T00:00:00.000Z" }), revSigner)));
    expect((await verifySkill(skill, { trustPath, home })).reason).toBe("expired-metadata");
    // A good list that revokes nothing lets the signature through.
    const good = await signRevocations(list(), revSigner);
    expect(good.payloadType).toBe(REVOCATIONS_PAYLOAD_TYPE);
    writeFileSync(join(dir, "revocations.json"), JSON.stringify(good));
    expect((await verifySkill(skill, { trustPath, home })).reason).toBe("ok");
  });
});
