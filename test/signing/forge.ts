import { createHash } from "node:crypto";
import * as ed from "@noble/ed25519";
import { FIELD_P, GROUP_L, leToBigInt } from "../../src/signing/ed25519.js";

export function littleEndian32(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
}

/**
 * A signature only ZIP-215 accepts: R is the identity point encoded non-canonically (y = p + 1),
 * and S = k·a mod L with k = SHA-512(R‖A‖M), so [S]B = R + [k]A holds, but strict decoding refuses y >= p.
 */
export function zip215OnlySignature(seed: Uint8Array, message: Uint8Array): Uint8Array {
  const { scalar, pointBytes } = ed.utils.getExtendedPublicKey(seed);
  const R = littleEndian32(FIELD_P + 1n);
  const k = leToBigInt(createHash("sha512").update(R).update(pointBytes).update(message).digest()) % GROUP_L;
  const sig = new Uint8Array(64);
  sig.set(R, 0);
  sig.set(littleEndian32((k * scalar) % GROUP_L), 32);
  return sig;
}

/** The same signature with S replaced by S + L: same curve equation, non-canonical scalar. */
export function withSPlusL(signature: Uint8Array): Uint8Array {
  const twin = Uint8Array.from(signature);
  twin.set(littleEndian32(leToBigInt(signature.subarray(32)) + GROUP_L), 32);
  return twin;
}

/**
 * A signature the key holder can make with R = [r]B + T for a small-order T. The cofactored
 * equation (noble strict) holds; the cofactorless one (OpenSSL) does not.
 */
export function mixedOrderSignature(seed: Uint8Array, message: Uint8Array, torsion: ed.Point): Uint8Array {
  const { scalar, pointBytes } = ed.utils.getExtendedPublicKey(seed);
  const r = 123456789n;
  const R = ed.Point.BASE.multiply(r).add(torsion).toBytes();
  const k = leToBigInt(createHash("sha512").update(R).update(pointBytes).update(message).digest()) % GROUP_L;
  const sig = new Uint8Array(64);
  sig.set(R, 0);
  sig.set(littleEndian32((r + k * scalar) % GROUP_L), 32);
  return sig;
}
