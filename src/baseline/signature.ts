import { UsageError } from "../errors.js";
import { pae, signEnvelope } from "../signing/dsse.js";
import { verifyStrict } from "../signing/ed25519.js";
import { canonicalJson } from "../signing/permissions-hash.js";
import type { Signer } from "../signing/signer.js";
import type { TrustFile } from "../signing/trust.js";
import { BASELINE_PAYLOAD_TYPE, type BaselineFile } from "./baseline.types.js";
import { bodyOf } from "./file.js";

/** Signs the baseline's canonical JSON (RFC 8785) with a reviewer key: a DSSE envelope kept in the file. */
export async function signBaseline(file: BaselineFile, signer: Signer): Promise<BaselineFile> {
  const body = bodyOf(file);
  const signature = await signEnvelope(BASELINE_PAYLOAD_TYPE, Buffer.from(canonicalJson(body), "utf8"), signer);
  return { ...body, signature };
}

/**
 * `ci --require-signed-baseline`: the envelope must be over exactly this file's body, by a
 * signing key of the trust file that is valid now and not retired. Throws a coded usage error
 * (exit 2) naming what is wrong; returns the key id.
 */
export function verifyBaseline(file: BaselineFile, trust: TrustFile, now: Date = new Date()): string {
  const env = file.signature;
  if (!env) throw new UsageError("BASELINE_UNSIGNED", "the baseline is not signed (skillsign baseline sign FILE with a reviewer key)");
  if (env.payloadType !== BASELINE_PAYLOAD_TYPE || env.signatures.length !== 1) throw new UsageError("BASELINE_SIGNATURE", "the baseline signature is malformed");
  const payload = Buffer.from(env.payload, "base64");
  if (!payload.equals(Buffer.from(canonicalJson(bodyOf(file)), "utf8"))) {
    throw new UsageError("BASELINE_SIGNATURE", "the baseline was changed after it was signed (its entries differ from the signed ones)");
  }
  const sig = env.signatures[0]!;
  const key = trust.keys.find((k) => k.keyId === sig.keyid);
  if (!key) throw new UsageError("BASELINE_SIGNATURE", `the baseline is signed by key ${sig.keyid}, which the trust file does not list`);
  const t = now.getTime();
  const roles = key.roles ?? ["signing"];
  if (!roles.includes("signing") || t < Date.parse(key.validFrom) || t >= Date.parse(key.validUntil) || (key.retiredAt && Date.parse(key.retiredAt) <= t)) {
    throw new UsageError("BASELINE_SIGNATURE", `key ${sig.keyid} is not a valid signing key now (role, validity window or retired)`);
  }
  const ok = verifyStrict(Buffer.from(sig.sig, "base64"), pae(env.payloadType, payload), Buffer.from(key.publicKey, "base64"));
  if (!ok) throw new UsageError("BASELINE_SIGNATURE", `the baseline signature by ${sig.keyid} does not verify`);
  return sig.keyid;
}
