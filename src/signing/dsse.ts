import { VerificationError } from "./error.js";
import { parseStrictJson } from "./strict-json.js";
import type { Signer } from "./signer.js";

export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

export interface EnvelopeSignature {
  keyid: string;
  sig: string;
}

/** A DSSE envelope (https://github.com/secure-systems-lab/dsse), payload and sig in standard base64. */
export interface Envelope {
  payloadType: string;
  payload: string;
  signatures: EnvelopeSignature[];
}

/** DSSE v1 Pre-Authentication Encoding: "DSSEv1" SP len(type) SP type SP len(body) SP body. */
export function pae(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = Buffer.from(payloadType, "utf8");
  const head = Buffer.from(`DSSEv1 ${type.length} `, "utf8");
  const mid = Buffer.from(` ${payload.length} `, "utf8");
  return Buffer.concat([head, type, mid, payload]);
}

export async function signEnvelope(payloadType: string, payload: Uint8Array, signer: Signer): Promise<Envelope> {
  const { signature, keyId } = await signer.sign(pae(payloadType, payload));
  return {
    payloadType,
    payload: Buffer.from(payload).toString("base64"),
    signatures: [{ keyid: keyId, sig: Buffer.from(signature).toString("base64") }],
  };
}

/** A parsed envelope with its single signature decoded; every check is strict. */
export interface ParsedEnvelope {
  payloadType: string;
  payload: Buffer;
  keyId: string;
  signature: Buffer;
}

const malformed = (msg: string) => new VerificationError("MALFORMED", msg);

/**
 * Parses envelope JSON text. Refuses unknown fields, non-canonical base64 (which would let one
 * signature have several spellings), a wrong payload type, and anything but exactly one signature.
 */
export function parseEnvelope(text: string, expectedType: string): ParsedEnvelope {
  const all = parseEnvelopeSignatures(text, expectedType, 1);
  return { ...all, keyId: all.signatures[0]!.keyId, signature: all.signatures[0]!.signature };
}

/** Like parseEnvelope but accepts up to `max` signatures by distinct keys (threshold-signed lists). */
export function parseEnvelopeSignatures(
  text: string,
  expectedType: string,
  max: number,
): { payloadType: string; payload: Buffer; signatures: Array<{ keyId: string; signature: Buffer }> } {
  // Duplicate keys would let two readers see two different envelopes (the format is strict).
  const raw = parseStrictJson(text, "the signature file");
  if (!isRecord(raw)) throw malformed("the signature file is not a DSSE envelope (expected a JSON object)");
  const extra = Object.keys(raw).filter((k) => !["payloadType", "payload", "signatures"].includes(k));
  if (extra.length > 0) throw malformed(`unexpected envelope field(s): ${extra.join(", ")}`);
  if (typeof raw.payloadType !== "string" || typeof raw.payload !== "string" || !Array.isArray(raw.signatures)) {
    throw malformed("the envelope needs string payloadType, string payload and a signatures list");
  }
  if (raw.payloadType !== expectedType) {
    throw malformed(`unexpected payloadType ${JSON.stringify(raw.payloadType)} (expected ${expectedType})`);
  }
  const payload = strictBase64(raw.payload, "payload");
  if (raw.signatures.length === 0) throw malformed("the envelope carries no signature");
  const ids = raw.signatures.map((s: unknown) => (isRecord(s) ? s.keyid : undefined));
  if (new Set(ids).size !== ids.length) throw malformed("duplicate signatures in the envelope");
  if (raw.signatures.length > max) {
    throw malformed(max === 1 ? `expected exactly one signature, found ${raw.signatures.length}` : `more than ${max} signatures`);
  }
  const signatures = raw.signatures.map((one: unknown) => {
    if (!isRecord(one) || typeof one.keyid !== "string" || typeof one.sig !== "string") {
      throw malformed("a signature needs string keyid and sig");
    }
    const sigExtra = Object.keys(one).filter((k) => k !== "keyid" && k !== "sig");
    if (sigExtra.length > 0) throw malformed(`unexpected signature field(s): ${sigExtra.join(", ")}`);
    if (!/^[0-9a-f]{64}$/.test(one.keyid)) throw malformed("keyid must be 64 lowercase hex characters");
    return { keyId: one.keyid, signature: strictBase64(one.sig, "sig") };
  });
  return { payloadType: raw.payloadType, payload, signatures };
}

/** Adds a signature to an envelope over the same payload (threshold signing of revocation lists). */
export async function addEnvelopeSignature(env: Envelope, signer: Signer): Promise<Envelope> {
  const payload = Buffer.from(env.payload, "base64");
  const { signature, keyId } = await signer.sign(pae(env.payloadType, payload));
  const others = env.signatures.filter((s) => s.keyid !== keyId);
  return { ...env, signatures: [...others, { keyid: keyId, sig: Buffer.from(signature).toString("base64") }] };
}

function strictBase64(s: string, field: string): Buffer {
  const bytes = Buffer.from(s, "base64");
  if (bytes.toString("base64") !== s) throw malformed(`${field} is not canonical standard base64`);
  return bytes;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
