import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { signBaseline, verifyBaseline, type BaselineFile } from "../../src/baseline/index.js";
import { UsageError } from "../../src/errors.js";
import { generateKeyPair, loadSigningKey, loadTrustFile } from "../../src/signing/index.js";

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
    expect(verifyBaseline(signed, reviewer.trust)).toBe(reviewer.signer.keyId);
    expect(code(() => verifyBaseline(body, reviewer.trust))).toBe("BASELINE_UNSIGNED");
    expect(code(() => verifyBaseline({ ...signed, entries: [] }, reviewer.trust))).toBe("BASELINE_SIGNATURE");
    expect(code(() => verifyBaseline(signed, stranger.trust))).toBe("BASELINE_SIGNATURE");
    const retired = { ...reviewer.trust, keys: reviewer.trust.keys.map((k) => ({ ...k, retiredAt: "2020-01-01T00:00:00Z" })) };
    expect(code(() => verifyBaseline(signed, retired))).toBe("BASELINE_SIGNATURE");
    const revocationOnly = { ...reviewer.trust, keys: reviewer.trust.keys.map((k) => ({ ...k, roles: ["revocation" as const] })) };
    expect(code(() => verifyBaseline(signed, revocationOnly))).toBe("BASELINE_SIGNATURE");
    const forged = { ...signed, signature: { ...signed.signature!, signatures: [{ ...signed.signature!.signatures[0]!, sig: Buffer.alloc(64, 1).toString("base64") }] } };
    expect(code(() => verifyBaseline(forged, reviewer.trust))).toBe("BASELINE_SIGNATURE");
  });
});
