import { join } from "node:path";
import { skillsignHome } from "../config/home.js";
import { loadSkill } from "../skill/load.js";
import { takeSnapshot } from "../snapshot/snapshot.js";
import { IN_TOTO_PAYLOAD_TYPE, parseEnvelope } from "./dsse.js";
import { VerificationError, type VerificationErrorCode } from "./error.js";
import { loadRevocations } from "./revocation.js";
import { readRegularFile } from "./safe-read.js";
import { defaultSignaturePath } from "./sign.js";
import { parseStatement } from "./statement.js";
import { loadTrustFile, parseTrust, type LoadedTrust } from "./trust.js";
import { trustedPublicKey } from "./trusted-key.js";
import * as step from "./verify-steps.js";
import type { VerifyOptions, VerifyReason, VerifyResult } from "./verify.types.js";

/** Signature files larger than this are refused unread (a real one is a few KiB per file). */
const MAX_SIGNATURE_BYTES = 16 * 1024 * 1024;

const REASON: Record<VerificationErrorCode, VerifyReason> = {
  UNSIGNED: "unsigned",
  MALFORMED: "malformed",
  UNTRUSTED_KEY: "untrusted-key",
  BAD_SIGNATURE: "bad-signature",
  REVOKED: "revoked",
  EXPIRED_KEY: "expired-key",
  CONTENT_MISMATCH: "content-mismatch",
  PERMISSIONS_MISMATCH: "permissions-mismatch",
  ROLLBACK: "rollback",
};

/**
 * Strict verification of a skill folder against its detached signature, as a fixed sequence of
 * named steps that stops at the first failure (docs/signature-format.md §8). Verification
 * failures are results; configuration errors (unreadable trust file) and hostile folders
 * (SnapshotError) are thrown, so callers cannot mistake them for a verdict.
 */
export async function verifySkill(skillDir: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const home = options.home ?? skillsignHome();
  const loaded: LoadedTrust = options.trust
    ? { trust: parseTrust(options.trust, "trust object") }
    : await loadTrustFile(options.trustPath ?? join(home, "trust.json"));
  const state: { keyId?: string; skill?: VerifyResult["skill"] } = {};
  try {
    const text = await readSignature(options.signaturePath ?? defaultSignaturePath(skillDir));
    const env = parseEnvelope(text, IN_TOTO_PAYLOAD_TYPE);
    state.keyId = env.keyId;
    const { entry, publicKey } = trustedPublicKey(loaded.trust, env.keyId);
    step.checkSignature(env, publicKey);
    step.checkNotRevoked(env.keyId, await loadRevocations(loaded));
    step.checkValidity(entry, step.signedAtOf(env.payload), options.now ?? new Date());
    const statement = parseStatement(env.payload);
    step.checkStatementKey(statement, env.keyId);
    const subject = statement.subject[0];
    state.skill = { name: subject.name, version: subject.annotations?.version ?? "", sequence: statement.predicate.sequence };
    // In memory: verify hashes what it reads and needs no private copy.
    const snapshot = await takeSnapshot(skillDir);
    step.checkContent(statement, snapshot);
    const skill = loadSkill(snapshot);
    step.checkPermissions(statement, skill);
    step.checkSequence(statement, skill.name, loaded.trust);
    return {
      ok: true,
      reason: "ok",
      message: `${subject.name} is signed by trusted key ${env.keyId} (sequence ${statement.predicate.sequence})`,
      keyId: env.keyId,
      skill: state.skill,
    };
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
    // keyId and skill are reported once known, so a caller can log which signature failed.
    return { ok: false, reason: REASON[err.code], message: err.message, ...(state.keyId ? { keyId: state.keyId } : {}), ...(state.skill ? { skill: state.skill } : {}) };
  }
}

async function readSignature(path: string): Promise<string> {
  const read = await readRegularFile(path, MAX_SIGNATURE_BYTES);
  if (!read.ok) {
    if (read.problem === "missing") throw new VerificationError("UNSIGNED", `no signature file at ${path}`);
    throw new VerificationError("MALFORMED", `cannot use signature file ${path}: ${read.detail}`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(read.bytes);
  } catch {
    throw new VerificationError("MALFORMED", `signature file ${path} is not UTF-8 text`);
  }
}
