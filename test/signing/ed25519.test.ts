import * as ed from "@noble/ed25519";
import { describe, expect, it } from "vitest";
import { GROUP_L, leToBigInt, nobleStrict, publicKeyProblem, signatureIsCanonical, verifyStrict } from "../../src/signing/ed25519.js";
import { Ed25519Signer } from "../../src/signing/ed25519-signer.js";
import { FIELD_P } from "../../src/signing/ed25519.js";
import { littleEndian32, mixedOrderSignature, withSPlusL, zip215OnlySignature } from "./forge.js";
import { createPublicKey, verify } from "node:crypto";

const opensslVerify = (sig: Uint8Array, msg: Uint8Array, pub: Uint8Array) =>
  verify(null, msg, createPublicKey({ key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), pub]), format: "der", type: "spki" }), sig);
import { newSigner } from "./helpers.js";

/** The eight points of the torsion subgroup (orders 1, 2, 4, 8): each accepts forged signatures. */
const SMALL_ORDER = [
  "0100000000000000000000000000000000000000000000000000000000000000",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "0000000000000000000000000000000000000000000000000000000000000000",
  "0000000000000000000000000000000000000000000000000000000000000080",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
];

describe("public keys", () => {
  it("accepts a freshly generated key", () => {
    expect(publicKeyProblem(newSigner().publicKey)).toBeUndefined();
  });
  it.each(SMALL_ORDER)("refuses small-order point %s", (hex) => {
    const bytes = Buffer.from(hex, "hex");
    expect(ed.Point.fromBytes(bytes, true).clearCofactor().is0()).toBe(true);
    expect(publicKeyProblem(bytes)).toBe("small-order");
  });
  it("refuses non-canonical encodings, wrong lengths and off-curve bytes", () => {
    expect(publicKeyProblem(littleEndian32(FIELD_P + 1n))).toBe("non-canonical");
    expect(publicKeyProblem(new Uint8Array(31))).toBe("length");
    expect(publicKeyProblem(new Uint8Array(33))).toBe("length");
    // y = 2 is not the y-coordinate of any curve point.
    expect(publicKeyProblem(littleEndian32(2n))).toBe("not-on-curve");
  });
});

describe("strict signatures", () => {
  const seed = ed.utils.randomSecretKey();
  const signer = new Ed25519Signer(seed);
  const message = Buffer.from("skillsign strictness test");

  it("accepts a normal signature", async () => {
    const { signature } = await signer.sign(message);
    expect(verifyStrict(signature, message, signer.publicKey)).toBe(true);
    expect(verifyStrict(signature, Buffer.from("other"), signer.publicKey)).toBe(false);
  });

  it("a ZIP-215-only signature passes lenient noble but not skillsign's strict check", () => {
    const sig = zip215OnlySignature(seed, message);
    expect(ed.verify(sig, message, signer.publicKey, { zip215: true })).toBe(true);
    expect(ed.verify(sig, message, signer.publicKey, { zip215: false })).toBe(false);
    expect(verifyStrict(sig, message, signer.publicKey)).toBe(false);
  });

  it("rejects S >= L (the malleable twin of a valid signature)", async () => {
    const { signature } = await signer.sign(message);
    const twin = withSPlusL(signature);
    expect(leToBigInt(twin.subarray(32))).toBe(leToBigInt(signature.subarray(32)) + GROUP_L);
    expect(signatureIsCanonical(twin)).toBe(false);
    expect(verifyStrict(twin, message, signer.publicKey)).toBe(false);
  });

  it("rejects signatures that are not 64 bytes", async () => {
    const { signature } = await signer.sign(message);
    expect(verifyStrict(signature.subarray(0, 63), message, signer.publicKey)).toBe(false);
    expect(verifyStrict(Buffer.concat([signature, Buffer.of(0)]), message, signer.publicKey)).toBe(false);
  });
});

describe("verifyStrict accepts exactly what noble's strict branch accepts", () => {
  const seed = ed.utils.randomSecretKey();
  const signer = new Ed25519Signer(seed);
  const order8 = ed.Point.fromBytes(Buffer.from(SMALL_ORDER[4]!, "hex"), false);

  it("a signature whose R carries a small-order component: OpenSSL refuses, noble strict (cofactored) accepts, so do we", async () => {
    const message = Buffer.from("mixed-order R");
    const twisted = mixedOrderSignature(seed, message, order8);
    expect(ed.verify(twisted, message, signer.publicKey, { zip215: false })).toBe(true);
    expect(opensslVerify(twisted, message, signer.publicKey)).toBe(false);
    expect(nobleStrict(twisted, message, signer.publicKey)).toBe(true);
    expect(verifyStrict(twisted, message, signer.publicKey)).toBe(true);
  });

  it("agrees with noble on valid, bit-flipped, S+L and ZIP-215-only signatures", async () => {
    let compared = 0;
    for (let m = 0; m < 8; m++) {
      const message = Buffer.from(`message ${m}`);
      const { signature } = await signer.sign(message);
      const variants: Uint8Array[] = [signature, withSPlusL(signature), zip215OnlySignature(seed, message), mixedOrderSignature(seed, message, order8)];
      for (const bit of [0, 7, 100, 255, 256, 300, 511]) {
        const flipped = Uint8Array.from(signature);
        flipped[bit >> 3] = flipped[bit >> 3]! ^ (1 << (bit & 7));
        variants.push(flipped);
      }
      for (const v of variants) {
        const canonical = signatureIsCanonical(v);
        expect(verifyStrict(v, message, signer.publicKey)).toBe(canonical && nobleStrict(v, message, signer.publicKey));
        compared++;
      }
      expect(verifyStrict(signature, message, signer.publicKey)).toBe(true);
    }
    expect(compared).toBe(88);
  });
});
