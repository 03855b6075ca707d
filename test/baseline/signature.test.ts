import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { signBaseline, verifyBaseline, type BaselineFile, type BaselineTrust } from "../../src/baseline/index.js";
import { UsageError } from "../../src/errors.js";
import { generateKeyPair, loadSigningKey, loadTrustFile } from "../../src/signing/index.js";
import type { RevocationList } from "../../src/signing/revocation.js";
import type { TrustFile } from "../../src/signing/trust.js";

const body: BaselineFile = {
  schemaVersion: 1,
  kind: "skillsign-baseline",
  createdAt: "2026-11-30T00:00:00.000Z",
  tool: { name: "skillsign", version: "0" },
  entries: [{ fingerprint: `${"a".repeat(32)}:1`, skill: "s", ruleId: "patterns.example", severity: "medium", message: "m" }],
};

async function key(name: string) {
  const k = await generateKeyPair(join(mkdtempSync(join(tmpdir(), "skillsign-bl-")), name), { passphrase: "pw-CANARY", scryptN: 2 ** 10 });
  return { signer: await loadSigningKey(k.keyPath, "pw-CANARY"), trust: (await loadTrustFile(k.trustPath)).trust };
}

/** The trust context verify uses, built by hand: a trust file, an optional revocation list, a clock. */
const ctx = (trust: TrustFile, revocations?: RevocationList, now = new Date()): BaselineTrust => ({ loaded: { trust }, ...(revocations ? { revocations } : {}), now });

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof UsageError ? e.code : String(e);
  }
  return "ok";
};

describe("baseline signatures", () => {
  it("verify for a trusted signing key and fail for unsigned, changed, untrusted or retired", async () => {
    const reviewer = await key("reviewer");
    const stranger = await key("stranger");
    const signed = await signBaseline(body, reviewer.signer);
    expect(verifyBaseline(signed, ctx(reviewer.trust))).toBe(reviewer.signer.keyId);
    expect(code(() => verifyBaseline(body, ctx(reviewer.trust)))).toBe("BASELINE_UNSIGNED");
    expect(code(() => verifyBaseline({ ...signed, entries: [] }, ctx(reviewer.trust)))).toBe("BASELINE_SIGNATURE");
    expect(code(() => verifyBaseline(signed, ctx(stranger.trust)))).toBe("BASELINE_UNTRUSTED_KEY");
    const retired = { ...reviewer.trust, keys: reviewer.trust.keys.map((k) => ({ ...k, retiredAt: "2020-01-01T00:00:00Z" })) };
    expect(code(() => verifyBaseline(signed, ctx(retired)))).toBe("BASELINE_KEY_EXPIRED");
    const revocationOnly = { ...reviewer.trust, keys: reviewer.trust.keys.map((k) => ({ ...k, roles: ["revocation" as const] })) };
    expect(code(() => verifyBaseline(signed, ctx(revocationOnly)))).toBe("BASELINE_UNTRUSTED_KEY");
    const forged = { ...signed, signature: { ...signed.signature!, signatures: [{ ...signed.signature!.signatures[0]!, sig: Buffer.alloc(64, 1).toString("base64") }] } };
    expect(code(() => verifyBaseline(forged, ctx(reviewer.trust)))).toBe("BASELINE_SIGNATURE");
  });

  it("refuse a key the revocation list names, and one outside its validity window now", async () => {
    const reviewer = await key("reviewer");
    const signed = await signBaseline(body, reviewer.signer);
    const keyId = reviewer.signer.keyId;
    const list = (ids: string[]): RevocationList => ({ schemaVersion: 2, version: 1, issuedAt: "2026-01-01T00:00:00Z", expires: "2099-01-01T00:00:00Z", revoked: ids.map((id) => ({ keyId: id, revokedAt: "2026-01-02T00:00:00Z" })) });
    expect(code(() => verifyBaseline(signed, ctx(reviewer.trust, list([keyId]))))).toBe("BASELINE_KEY_REVOKED");
    expect(verifyBaseline(signed, ctx(reviewer.trust, list(["b".repeat(64)])))).toBe(keyId);
    const entry = reviewer.trust.keys[0]!;
    expect(code(() => verifyBaseline(signed, ctx(reviewer.trust, undefined, new Date(Date.parse(entry.validUntil) + 1000))))).toBe("BASELINE_KEY_EXPIRED");
    expect(code(() => verifyBaseline(signed, ctx(reviewer.trust, undefined, new Date(Date.parse(entry.validFrom) - 86_400_000))))).toBe("BASELINE_KEY_EXPIRED");
  });
});
