import { basename, resolve } from "node:path";
import { frontmatterAmbiguities } from "../skill/ambiguity.js";
import { loadSkill } from "../skill/load.js";
import { readSnapshotText } from "../snapshot/read.js";
import { takeSnapshot } from "../snapshot/snapshot.js";
import { IN_TOTO_PAYLOAD_TYPE, parseEnvelope } from "./dsse.js";
import { VerificationError, type VerificationErrorCode } from "./error.js";
import { openTrust, recordSequence, saveContextState, type TrustContext } from "./open-trust.js";
import { readRegularFile } from "./safe-read.js";
import { defaultSignaturePath } from "./sign.js";
import { parseStatement } from "./statement.js";
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
  NAME_MISMATCH: "name-mismatch",
  AMBIGUOUS_PERMISSIONS: "ambiguous-permissions",
  EXPIRED_METADATA: "expired-metadata",
  REPLAYED_METADATA: "replayed-metadata",
  UNLISTED: "unlisted",
};

/**
 * Strict verification of a skill folder against its detached signature, as a fixed sequence of
 * named steps that stops at the first failure (docs/signature-format.md §8, docs/trust.md).
 * On success the result carries the verified bytes (`verified`): use those, not the folder.
 * Verification failures are results; configuration errors (unreadable trust file) and hostile
 * folders (SnapshotError) are thrown, so callers cannot mistake them for a verdict.
 */
export async function verifySkill(skillDir: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const state: { keyId?: string; skill?: VerifyResult["skill"] } = {};
  try {
    const ctx: TrustContext = options.context ?? (await openTrust(options));
    const sigPath = options.signaturePath ?? defaultSignaturePath(skillDir);
    const envelopeBytes = await readSignature(sigPath);
    const env = parseEnvelope(decode(envelopeBytes, sigPath), IN_TOTO_PAYLOAD_TYPE);
    state.keyId = env.keyId;
    const { entry, publicKey } = trustedPublicKey(ctx.loaded.trust, env.keyId);
    step.checkSigningRole(entry);
    step.checkSignature(env, publicKey);
    step.checkNotRevoked(env.keyId, ctx.revocations);
    step.checkValidity(entry, step.signedAtOf(env.payload), ctx.now);
    const statement = parseStatement(env.payload);
    step.checkStatementKey(statement, env.keyId);
    const subject = statement.subject[0];
    state.skill = { name: subject.name, version: subject.annotations?.version ?? "", sequence: statement.predicate.sequence };
    step.checkName(subject.name, options.expectedName ?? basename(resolve(skillDir)));
    step.checkCatalog(statement, envelopeBytes, ctx.loaded.repo);
    // In memory: what is hashed here is exactly what `verified.contents` hands back.
    const snapshot = await takeSnapshot(skillDir);
    step.checkContent(statement, snapshot);
    const text = readSnapshotText(snapshot, snapshot.skillMdPath);
    const ambiguous = text.ok ? frontmatterAmbiguities(text.text) : [];
    if (ambiguous.length) {
      throw new VerificationError("AMBIGUOUS_PERMISSIONS", `SKILL.md frontmatter is read differently by different YAML readers: ${ambiguous.join("; ")}`);
    }
    const skill = loadSkill(snapshot);
    step.checkPermissions(statement, skill);
    step.checkSequence(statement, skill.name, ctx.loaded.trust, ctx.state.skills);
    // Remember the newest sequence seen, so an older signature is refused here from now on.
    if (recordSequence(ctx, subject.name, statement.predicate.sequence) && !options.context) await saveContextState(ctx);
    return {
      ok: true,
      reason: "ok",
      message: `${subject.name} is signed by trusted key ${env.keyId} (sequence ${statement.predicate.sequence})`,
      keyId: env.keyId,
      skill: state.skill,
      verified: {
        contentHash: snapshot.contentHash,
        permissions: statement.predicate.permissions,
        files: statement.predicate.files,
        contents: new Map(snapshot.contents ?? []),
        envelope: envelopeBytes,
        ...(statement.predicate.dependencies ? { dependencies: statement.predicate.dependencies } : {}),
      },
    };
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
    // keyId and skill are reported once known, so a caller can log which signature failed.
    return { ok: false, reason: REASON[err.code], message: err.message, ...(state.keyId ? { keyId: state.keyId } : {}), ...(state.skill ? { skill: state.skill } : {}) };
  }
}

/** The public reason for a verification failure (verify --all reports a trust-source failure per skill). */
export function reasonOf(err: VerificationError): VerifyReason {
  return REASON[err.code];
}

async function readSignature(path: string): Promise<Buffer> {
  const read = await readRegularFile(path, MAX_SIGNATURE_BYTES);
  if (!read.ok) {
    if (read.problem === "missing") throw new VerificationError("UNSIGNED", `no signature file at ${path}`);
    throw new VerificationError("MALFORMED", `cannot use signature file ${path}: ${read.detail}`);
  }
  return read.bytes;
}

function decode(bytes: Buffer, path: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new VerificationError("MALFORMED", `signature file ${path} is not UTF-8 text`);
  }
}
