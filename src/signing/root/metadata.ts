import { canonicalize } from "@tufjs/canonical-json";
import { VerificationError } from "../error.js";
import { keyIdOf, publicKeyProblem, verifyStrict } from "../ed25519.js";
import { isRecord } from "../dsse.js";
import type { Signer } from "../signer.js";
import type { RoleName } from "./repo.types.js";

/** TUF metadata as stored: `{ signed, signatures: [{ keyid, sig }] }` (sig is hex, as in TUF). */
export interface SignedMetadata<T = Record<string, unknown>> {
  signed: T & { _type: string; version: number; expires: string; spec_version: string };
  signatures: Array<{ keyid: string; sig: string }>;
}

export interface RootKeys {
  keys: Record<string, { keytype: string; scheme: string; keyval: { public: string } }>;
  roles: Record<string, { keyids: string[]; threshold: number }>;
}

const bad = (what: string, msg: string) => new VerificationError("MALFORMED", `${what}: ${msg}`);

/** The bytes TUF signs: OLPC canonical JSON of the `signed` object. */
export function signedBytes(signed: unknown): Buffer {
  return Buffer.from(canonicalize(signed as never));
}

/** Raw 32-byte public key of a root key entry; key ids must be skillsign's (SHA-256 of the raw key). */
export function rootPublicKey(root: RootKeys, keyId: string, what: string): Uint8Array | undefined {
  if (!Object.hasOwn(root.keys, keyId)) return undefined;
  const k = root.keys[keyId]!;
  if (k.keytype !== "ed25519" || k.scheme !== "ed25519" || !/^[0-9a-f]{64}$/.test(k.keyval?.public ?? "")) {
    throw bad(what, `key ${keyId} is not an ed25519 key with a hex public key`);
  }
  const bytes = Buffer.from(k.keyval.public, "hex");
  if (publicKeyProblem(bytes) !== undefined || keyIdOf(bytes) !== keyId) {
    throw bad(what, `key ${keyId} is refused (malformed, small-order, or its id is not the SHA-256 of the key)`);
  }
  return bytes;
}

/**
 * Counts valid signatures by distinct keys of `role` in `root` (TUF's threshold rule), with
 * strict Ed25519. Signatures by other keys are ignored; too few is `bad-signature`.
 */
export function verifyThreshold(md: SignedMetadata<object>, root: RootKeys, role: RoleName, what: string): void {
  const r = Object.hasOwn(root.roles, role) ? root.roles[role] : undefined;
  if (!r || !Number.isSafeInteger(r.threshold) || r.threshold < 1) throw bad(what, `the root names no usable "${role}" role`);
  const message = signedBytes(md.signed);
  const good = new Set<string>();
  for (const s of md.signatures) {
    if (!r.keyids.includes(s.keyid) || good.has(s.keyid) || !/^[0-9a-f]{128}$/.test(s.sig)) continue;
    const pub = rootPublicKey(root, s.keyid, what);
    if (pub && verifyStrict(Buffer.from(s.sig, "hex"), message, pub)) good.add(s.keyid);
  }
  if (good.size < r.threshold) {
    throw new VerificationError("BAD_SIGNATURE", `${what} carries ${good.size} valid signature(s) by "${role}" keys; the root requires ${r.threshold}`);
  }
}

/** Shape check shared by all metadata kinds; the kind-specific fields are checked by @tufjs/models. */
export function asSignedMetadata(raw: unknown, type: string, what: string): SignedMetadata {
  if (!isRecord(raw) || !isRecord(raw.signed) || !Array.isArray(raw.signatures)) throw bad(what, "not TUF metadata ({signed, signatures})");
  const extra = Object.keys(raw).filter((k) => k !== "signed" && k !== "signatures");
  if (extra.length) throw bad(what, `unexpected field(s) ${extra.join(", ")}`);
  const s = raw.signed;
  if (s._type !== type) throw bad(what, `expected _type "${type}", got ${JSON.stringify(s._type)}`);
  if (!Number.isSafeInteger(s.version) || (s.version as number) < 1) throw bad(what, "version must be a positive integer");
  if (typeof s.expires !== "string" || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(s.expires)) throw bad(what, "expires must be YYYY-MM-DDTHH:MM:SSZ");
  for (const sig of raw.signatures) {
    if (!isRecord(sig) || typeof sig.keyid !== "string" || typeof sig.sig !== "string") throw bad(what, "a signature needs keyid and sig");
  }
  return raw as unknown as SignedMetadata;
}

/** Adds a signature by `signer` over the canonical `signed` bytes (used by the publisher). */
export async function addSignature(md: SignedMetadata<object>, signer: Signer & { keyId: string }): Promise<void> {
  const { signature } = await signer.sign(signedBytes(md.signed));
  md.signatures = md.signatures.filter((s) => s.keyid !== signer.keyId);
  md.signatures.push({ keyid: signer.keyId, sig: Buffer.from(signature).toString("hex") });
}

export function isExpired(expires: string, now: Date): boolean {
  return now.getTime() >= Date.parse(expires);
}
