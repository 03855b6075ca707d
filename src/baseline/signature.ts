import { UsageError, type UsageErrorCode } from "../errors.js";
import { pae, signEnvelope } from "../signing/dsse.js";
import { verifyStrict } from "../signing/ed25519.js";
import { VerificationError, type VerificationErrorCode } from "../signing/error.js";
import { openTrust, type TrustContext } from "../signing/open-trust.js";
import { canonicalJson } from "../signing/permissions-hash.js";
import type { Signer } from "../signing/signer.js";
import { trustedPublicKey } from "../signing/trusted-key.js";
import { checkNotRevoked, checkSigningRole, checkValidity } from "../signing/verify-steps.js";
import { BASELINE_PAYLOAD_TYPE, type BaselineFile } from "./baseline.types.js";
import { bodyOf } from "./file.js";

/** Signs the baseline's canonical JSON (RFC 8785) with a reviewer key: a DSSE envelope kept in the file. */
export async function signBaseline(file: BaselineFile, signer: Signer): Promise<BaselineFile> {
  const body = bodyOf(file);
  const signature = await signEnvelope(BASELINE_PAYLOAD_TYPE, Buffer.from(canonicalJson(body), "utf8"), signer);
  return { ...body, signature };
}

/** What the baseline check needs from the trust source: the same context `verify` uses. */
export type BaselineTrust = Pick<TrustContext, "loaded" | "revocations" | "now">;

/**
 * The key checks are verify's own steps (src/signing/verify-steps.ts), so a baseline is refused
 * for exactly the reasons a skill signature is: each VerificationError code becomes one usage code.
 */
const CODE: Partial<Record<VerificationErrorCode, UsageErrorCode>> = {
  UNTRUSTED_KEY: "BASELINE_UNTRUSTED_KEY",
  REVOKED: "BASELINE_KEY_REVOKED",
  EXPIRED_KEY: "BASELINE_KEY_EXPIRED",
  BAD_SIGNATURE: "BASELINE_SIGNATURE",
  MALFORMED: "BASELINE_SIGNATURE",
};

/**
 * `ci --require-signed-baseline` / `baseline verify`: the envelope must be over exactly this
 * file's body, by a signing-role key of the trust source that is not revoked (its revocation
 * list), inside its validity window now and not retired. A baseline carries no signing time the
 * verifier could hold the key to, so validity is judged now. Throws a coded usage error (exit 2);
 * returns the key id.
 */
export function verifyBaseline(file: BaselineFile, trust: BaselineTrust): string {
  const env = file.signature;
  if (!env) throw new UsageError("BASELINE_UNSIGNED", "the baseline is not signed (skillsign baseline sign FILE with a reviewer key)");
  if (env.payloadType !== BASELINE_PAYLOAD_TYPE || env.signatures.length !== 1) throw new UsageError("BASELINE_SIGNATURE", "the baseline signature is malformed");
  const payload = Buffer.from(env.payload, "base64");
  if (!payload.equals(Buffer.from(canonicalJson(bodyOf(file)), "utf8"))) {
    throw new UsageError("BASELINE_SIGNATURE", "the baseline was changed after it was signed (its entries differ from the signed ones)");
  }
  const sig = env.signatures[0]!;
  try {
    const { entry, publicKey } = trustedPublicKey(trust.loaded.trust, sig.keyid);
    checkSigningRole(entry);
    if (!verifyStrict(Buffer.from(sig.sig, "base64"), pae(env.payloadType, payload), publicKey)) {
      throw new VerificationError("BAD_SIGNATURE", `the baseline signature by ${sig.keyid} does not verify`);
    }
    checkNotRevoked(sig.keyid, trust.revocations);
    checkValidity(entry, trust.now, trust.now);
  } catch (err) {
    throw asBaselineError(err, `the baseline signature is refused (key validity judged at ${trust.now.toISOString()})`);
  }
  return sig.keyid;
}

/** Opens the trust source as `verify` does (revocation list, root of trust, replay state) and checks the baseline. */
export async function verifyBaselineWith(file: BaselineFile, trustPath: string): Promise<string> {
  let ctx: TrustContext;
  try {
    ctx = await openTrust({ trustPath });
  } catch (err) {
    // An expired, replayed or badly signed revocation list: nobody knows which keys are revoked.
    throw asBaselineError(err, `the trust source ${trustPath} cannot vouch for the baseline`, "BASELINE_TRUST");
  }
  return verifyBaseline(file, ctx);
}

function asBaselineError(err: unknown, prefix: string, code?: UsageErrorCode): unknown {
  if (!(err instanceof VerificationError)) return err;
  return new UsageError(code ?? CODE[err.code] ?? "BASELINE_SIGNATURE", `${prefix}: ${err.message}`, err);
}
