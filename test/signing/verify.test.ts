import { chmodSync, renameSync, rmSync, symlinkSync, writeFileSync, appendFileSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import * as ed from "@noble/ed25519";
import { beforeAll, describe, expect, it } from "vitest";
import { IN_TOTO_PAYLOAD_TYPE, pae, signEnvelope, type Envelope } from "../../src/signing/dsse.js";
import { permissionsHash } from "../../src/signing/permissions-hash.js";
import { envelopeJson } from "../../src/signing/sign.js";
import { verifySkill } from "../../src/signing/verify.js";
import type { TrustFile } from "../../src/signing/trust.js";
import { SnapshotError } from "../../src/snapshot/error.js";
import { withSPlusL, zip215OnlySignature } from "./forge.js";
import { decodePayload, newSigner, signFolder, tempDir, trustEntry, trustOf, writeSkill } from "./helpers.js";
import { Ed25519Signer } from "../../src/signing/ed25519-signer.js";
import { randomSeed } from "../../src/signing/ed25519.js";

const seed = randomSeed();
const trusted = new Ed25519Signer(seed);
const attacker = newSigner();
let root: string;
let home: string;
let n = 0;

beforeAll(() => {
  root = tempDir();
  home = tempDir("skillsign-home-");
});

const trust = (): TrustFile => trustOf(trustEntry(trusted));

/** A freshly signed skill in its own folder. */
async function signed(extra: { sequence?: number; signedAt?: Date } = {}) {
  const dir = writeSkill(root, `tamper-skill-${++n}`);
  const { envelope, sigPath } = await signFolder(dir, trusted, home, extra);
  return { dir, envelope, sigPath };
}

/** Re-signs a modified statement with `signer`, keeping the envelope shape. */
async function resign(sigPath: string, statement: unknown, signer = trusted): Promise<void> {
  const env = await signEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement)), signer);
  writeFileSync(sigPath, envelopeJson(env));
}

function replaceSig(sigPath: string, envelope: Envelope, sig: Uint8Array, keyid = envelope.signatures[0]!.keyid): void {
  writeFileSync(sigPath, envelopeJson({ ...envelope, signatures: [{ keyid, sig: Buffer.from(sig).toString("base64") }] }));
}

describe("round trip", () => {
  it("a signed, untouched skill verifies as ok with its identity", async () => {
    const { dir } = await signed({ sequence: 3 });
    const r = await verifySkill(dir, { trust: trust(), home });
    expect(r).toMatchObject({ ok: true, reason: "ok", keyId: trusted.keyId });
    expect(r.skill).toEqual({ name: `tamper-skill-${n}`, version: "", sequence: 3 });
  });
});

describe("when the files change after signing", () => {
  const cases: Array<[string, (dir: string) => void]> = [
    ["one byte of a file is flipped", (d) => {
      const p = join(d, "references/notes.md");
      const b = readFileSync(p);
      b[0] = b[0]! ^ 1;
      writeFileSync(p, b);
    }],
    ["a byte is appended", (d) => appendFileSync(join(d, "scripts/run.sh"), "\n")],
    ["a file is added", (d) => writeFileSync(join(d, "references/extra.md"), "new\n")],
    ["a file is deleted", (d) => rmSync(join(d, "references/notes.md"))],
    ["a file is renamed", (d) => renameSync(join(d, "references/notes.md"), join(d, "references/notes2.md"))],
    ["an executable bit is toggled", (d) => chmodSync(join(d, "references/notes.md"), 0o755)],
    ["the executable bit is removed", (d) => chmodSync(join(d, "scripts/run.sh"), 0o644)],
    ["allowed-tools in SKILL.md is widened", (d) => {
      const p = join(d, "SKILL.md");
      writeFileSync(p, readFileSync(p, "utf8").replace("allowed-tools: Read Bash(git status:*)", "allowed-tools: Read Bash"));
    }],
  ];
  it.each(cases)("%s → content-mismatch", async (_name, mutate) => {
    const { dir } = await signed();
    mutate(dir);
    const r = await verifySkill(dir, { trust: trust(), home });
    expect(r.reason).toBe("content-mismatch");
    expect(r.ok).toBe(false);
    expect(r.skill?.name).toBe(`tamper-skill-${n}`);
  });
});

describe("when the statement lies about permissions but is signed by the trusted key", () => {
  it("a different permissions object with its own hash → permissions-mismatch", async () => {
    const { envelope, sigPath, dir } = await signed();
    const st = decodePayload(envelope);
    st.predicate.permissions = { ...st.predicate.permissions, allowedTools: ["Read"] };
    st.predicate.permissionsHash = permissionsHash(st.predicate.permissions);
    await resign(sigPath, st);
    expect((await verifySkill(dir, { trust: trust(), home })).reason).toBe("permissions-mismatch");
  });
  it("the right object with a wrong hash → permissions-mismatch", async () => {
    const { envelope, sigPath, dir } = await signed();
    const st = decodePayload(envelope);
    st.predicate.permissionsHash = "ab".repeat(32);
    await resign(sigPath, st);
    expect((await verifySkill(dir, { trust: trust(), home })).reason).toBe("permissions-mismatch");
  });
});

describe("when the key is not the trusted one", () => {
  it("another key's signature → untrusted-key", async () => {
    const { envelope, sigPath, dir } = await signed();
    await resign(sigPath, decodePayload(envelope), attacker);
    expect((await verifySkill(dir, { trust: trust(), home })).reason).toBe("untrusted-key");
  });
  it("the attacker's key embedded in the statement is never used → untrusted-key", async () => {
    const { envelope, sigPath, dir } = await signed();
    const st = decodePayload(envelope);
    st.predicate.keyId = attacker.keyId;
    st.predicate.publicKey = Buffer.from(attacker.publicKey).toString("base64");
    await resign(sigPath, st, attacker);
    const r = await verifySkill(dir, { trust: trust(), home });
    expect(r.reason).toBe("untrusted-key");
    expect(r.keyId).toBe(attacker.keyId);
  });
  it("an attacker signature relabelled with the trusted key id → bad-signature", async () => {
    const { envelope, sigPath, dir } = await signed();
    const forged = await attacker.sign(pae(IN_TOTO_PAYLOAD_TYPE, Buffer.from(envelope.payload, "base64")));
    replaceSig(sigPath, envelope, forged.signature, trusted.keyId);
    expect((await verifySkill(dir, { trust: trust(), home })).reason).toBe("bad-signature");
  });
  it("a small-order public key in the trust file is refused → untrusted-key", async () => {
    const { envelope, sigPath, dir } = await signed();
    const identity = Buffer.from("01".padEnd(64, "0"), "hex");
    const keyId = (await import("../../src/signing/ed25519.js")).keyIdOf(identity);
    // With A = identity and R = identity, S = 0 satisfies the verification equation for any message.
    replaceSig(sigPath, envelope, Buffer.concat([identity, Buffer.alloc(32)]), keyId);
    const r = await verifySkill(dir, { trust: trustOf(trustEntry({ keyId, publicKey: identity })), home });
    expect(r.reason).toBe("untrusted-key");
    expect(r.message).toMatch(/small-order/);
  });
});

describe("when the signature bytes are non-canonical", () => {
  it("a ZIP-215-only signature → bad-signature", async () => {
    const { envelope, sigPath, dir } = await signed();
    const message = pae(IN_TOTO_PAYLOAD_TYPE, Buffer.from(envelope.payload, "base64"));
    const forged = zip215OnlySignature(seed, message);
    // The forgery is real: lenient ZIP-215 verification accepts it for the trusted key.
    expect(ed.verify(forged, message, trusted.publicKey, { zip215: true })).toBe(true);
    replaceSig(sigPath, envelope, forged);
    expect((await verifySkill(dir, { trust: trust(), home })).reason).toBe("bad-signature");
  });
  it("S + L → bad-signature", async () => {
    const { envelope, sigPath, dir } = await signed();
    replaceSig(sigPath, envelope, withSPlusL(Buffer.from(envelope.signatures[0]!.sig, "base64")));
    expect((await verifySkill(dir, { trust: trust(), home })).reason).toBe("bad-signature");
  });
});

describe("key validity and rollback", () => {
  it("an older signature replayed when the trust file knows a higher sequence → rollback", async () => {
    const { dir } = await signed({ sequence: 2 });
    const t = { ...trust(), skills: { [`tamper-skill-${n}`]: { minSequence: 3 } } };
    expect((await verifySkill(dir, { trust: t, home })).reason).toBe("rollback");
    const atMark = { ...trust(), skills: { [`tamper-skill-${n}`]: { minSequence: 2 } } };
    expect((await verifySkill(dir, { trust: atMark, home })).reason).toBe("ok");
  });
  it("signed after the key expired → expired-key", async () => {
    const { dir } = await signed({ signedAt: new Date("2031-01-01T00:00:00Z") });
    const t = trustOf(trustEntry(trusted, { validUntil: "2030-01-01T00:00:00.000Z" }));
    expect((await verifySkill(dir, { trust: t, home, now: new Date("2031-01-02T00:00:00Z") })).reason).toBe("expired-key");
  });
  it("signed before the key became valid → expired-key", async () => {
    const { dir } = await signed({ signedAt: new Date("2019-01-01T00:00:00Z") });
    expect((await verifySkill(dir, { trust: trust(), home })).reason).toBe("expired-key");
  });
  it("signed after the key was retired → expired-key; before retirement → ok", async () => {
    const { dir } = await signed({ signedAt: new Date("2025-06-01T00:00:00Z") });
    const retiredBefore = trustOf(trustEntry(trusted, { retiredAt: "2025-01-01T00:00:00.000Z" }));
    expect((await verifySkill(dir, { trust: retiredBefore, home })).reason).toBe("expired-key");
    const retiredAfter = trustOf(trustEntry(trusted, { retiredAt: "2025-12-01T00:00:00.000Z" }));
    expect((await verifySkill(dir, { trust: retiredAfter, home })).reason).toBe("ok");
  });
  it("dated in the future → expired-key", async () => {
    const { dir } = await signed({ signedAt: new Date("2099-01-01T00:00:00Z") });
    expect((await verifySkill(dir, { trust: trust(), home, now: new Date("2030-01-01T00:00:00Z") })).reason).toBe("expired-key");
  });
});

describe("envelope problems", () => {
  it("no signature file → unsigned", async () => {
    const dir = writeSkill(root, `unsigned-${++n}`);
    expect((await verifySkill(dir, { trust: trust(), home })).reason).toBe("unsigned");
  });
  it.each([
    ["garbage JSON", () => "{not json"],
    ["a JSON array", () => "[]"],
    ["a wrong payloadType", (e: Envelope) => JSON.stringify({ ...e, payloadType: "application/json" })],
    ["no signatures", (e: Envelope) => JSON.stringify({ ...e, signatures: [] })],
    ["duplicate signatures", (e: Envelope) => JSON.stringify({ ...e, signatures: [e.signatures[0], e.signatures[0]] })],
    ["two different signatures", (e: Envelope) => JSON.stringify({ ...e, signatures: [e.signatures[0], { keyid: attacker.keyId, sig: e.signatures[0]!.sig }] })],
    ["an extra envelope field", (e: Envelope) => JSON.stringify({ ...e, publicKey: "AAAA" })],
    ["non-canonical base64 payload", (e: Envelope) => JSON.stringify({ ...e, payload: e.payload.replace(/=*$/, "") + "\n" })],
  ])("%s → malformed", async (_name, make) => {
    const { envelope, sigPath, dir } = await signed();
    writeFileSync(sigPath, make(envelope as Envelope));
    expect((await verifySkill(dir, { trust: trust(), home })).reason).toBe("malformed");
  });
  it("a FIFO planted as the signature file → malformed, without hanging", async () => {
    const dir = writeSkill(root, `fifo-${++n}`);
    execFileSync("mkfifo", [`${dir}.skillsig.json`]);
    const r = await verifySkill(dir, { trust: trust(), home });
    expect(r.reason).toBe("malformed");
    expect(r.message).toMatch(/not a regular file/);
  });
  it("a validly signed statement of the wrong shape → malformed", async () => {
    const { envelope, sigPath, dir } = await signed();
    const st = decodePayload(envelope);
    delete st.predicate.files;
    await resign(sigPath, st);
    expect((await verifySkill(dir, { trust: trust(), home })).reason).toBe("malformed");
  });
});

describe("configuration errors are thrown, not verdicts", () => {
  it("a missing trust file throws FILE_NOT_FOUND", async () => {
    const { dir } = await signed();
    await expect(verifySkill(dir, { trustPath: join(root, "no-such-trust.json"), home })).rejects.toMatchObject({ code: "FILE_NOT_FOUND" });
  });
  it("an invalid trust object throws TRUST_FILE_INVALID", async () => {
    const { dir } = await signed();
    const bad = { schemaVersion: 2, keys: [] } as unknown as TrustFile;
    await expect(verifySkill(dir, { trust: bad, home })).rejects.toMatchObject({ code: "TRUST_FILE_INVALID" });
  });
  it("a trust file listing one key twice throws TRUST_FILE_INVALID", async () => {
    const { dir } = await signed();
    const twice = trustOf(trustEntry(trusted), trustEntry(trusted, { validUntil: "2030-01-01T00:00:00.000Z" }));
    await expect(verifySkill(dir, { trust: twice, home })).rejects.toMatchObject({ code: "TRUST_FILE_INVALID" });
  });
  it("in-memory trust naming a revocation list cannot resolve it → malformed (fail closed)", async () => {
    const { dir } = await signed();
    const r = await verifySkill(dir, { trust: { ...trust(), revocations: "revocations.json" }, home });
    expect(r.reason).toBe("malformed");
  });
});

describe("hostile folders", () => {
  it("a symlink inside the skill throws SnapshotError (the CLI exits 2) instead of returning a verdict", async () => {
    const { dir } = await signed();
    symlinkSync("/etc/passwd", join(dir, "references/link.md"));
    await expect(verifySkill(dir, { trust: trust(), home })).rejects.toBeInstanceOf(SnapshotError);
  });
});
