import canonicalize from "canonicalize";
import type { LoadedSkill } from "../skill/load.js";
import type { Snapshot } from "../snapshot/snapshot.types.js";
import { compareUtf8 } from "../snapshot/paths.js";
import { contentHash } from "../snapshot/content-hash.js";
import { pae, type ParsedEnvelope } from "./dsse.js";
import { VerificationError } from "./error.js";
import { verifyStrict } from "./ed25519.js";
import { permissionsHash } from "./permissions-hash.js";
import type { RevocationList } from "./revocation.js";
import type { SkillStatement } from "./statement.types.js";
import type { TrustRepo } from "./root/repo.types.js";
import { sha256Hex } from "../snapshot/content-hash.js";
import { rolesOf, type TrustFile, type TrustedKey } from "./trust.js";

/** Signatures dated further ahead than this of the verifier's clock are refused. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

export function checkSignature(env: ParsedEnvelope, publicKey: Uint8Array): void {
  if (!verifyStrict(env.signature, pae(env.payloadType, env.payload), publicKey)) {
    throw new VerificationError("BAD_SIGNATURE", `the signature by key ${env.keyId} does not verify (strict RFC 8032)`);
  }
}

/** A key trusted only to sign revocation lists (or any other role) signs no skill. */
export function checkSigningRole(entry: TrustedKey): void {
  if (!rolesOf(entry).includes("signing")) {
    throw new VerificationError("UNTRUSTED_KEY", `key ${entry.keyId} is trusted for ${rolesOf(entry).join(", ")} only, not for signing skills`);
  }
}

/** The signed name must be the one the runtime expects, so another signed skill cannot stand in. */
export function checkName(signed: string, expected: string): void {
  if (signed !== expected) {
    throw new VerificationError("NAME_MISMATCH", `the signature is for skill ${JSON.stringify(signed)}, but ${JSON.stringify(expected)} was expected (folder name, or --name)`);
  }
}

/** With a catalog, only the exact signature it lists for this skill verifies. */
export function checkCatalog(statement: SkillStatement, envelope: Buffer, repo: TrustRepo | undefined): void {
  if (!repo) return;
  const name = statement.subject[0].name;
  const entry = repo.catalog.entries.get(name);
  if (!entry) throw new VerificationError("UNLISTED", `${name} is not in catalog version ${repo.catalog.version}`);
  const current =
    entry.signatureSha256 === sha256Hex(envelope) &&
    entry.signatureLength === envelope.length &&
    entry.contentHash === statement.subject[0].digest.sha256 &&
    entry.permissionsHash === statement.predicate.permissionsHash &&
    entry.sequence === statement.predicate.sequence;
  if (!current) {
    throw new VerificationError("ROLLBACK", `this signature of ${name} (sequence ${statement.predicate.sequence}) is not the current one in catalog version ${repo.catalog.version} (sequence ${entry.sequence})`);
  }
}

export function checkNotRevoked(keyId: string, list: RevocationList | undefined): void {
  const hit = list?.revoked.find((r) => r.keyId === keyId);
  if (hit) {
    const why = hit.reason ? `: ${hit.reason}` : "";
    throw new VerificationError("REVOKED", `key ${keyId} was revoked at ${hit.revokedAt}${why}`);
  }
}

/** Reads `predicate.signedAt` before the full shape check, since the window check comes first. */
export function signedAtOf(payload: Buffer): Date {
  let raw: any;
  try {
    raw = JSON.parse(payload.toString("utf8"));
  } catch {
    throw new VerificationError("MALFORMED", "the signed payload is not JSON");
  }
  const value = raw?.predicate?.signedAt;
  const when = typeof value === "string" ? new Date(value) : undefined;
  if (!when || Number.isNaN(when.getTime())) throw new VerificationError("MALFORMED", "the statement has no valid predicate.signedAt");
  return when;
}

export function checkValidity(entry: TrustedKey, signedAt: Date, now: Date): void {
  const at = signedAt.toISOString();
  if (signedAt.getTime() < Date.parse(entry.validFrom)) {
    throw new VerificationError("EXPIRED_KEY", `signed at ${at}, before key ${entry.keyId} became valid (${entry.validFrom})`);
  }
  if (signedAt.getTime() > Date.parse(entry.validUntil)) {
    throw new VerificationError("EXPIRED_KEY", `signed at ${at}, after key ${entry.keyId} expired (${entry.validUntil})`);
  }
  if (entry.retiredAt !== undefined && signedAt.getTime() > Date.parse(entry.retiredAt)) {
    throw new VerificationError("EXPIRED_KEY", `signed at ${at}, after key ${entry.keyId} was retired (${entry.retiredAt})`);
  }
  // Expiry is judged at verification time too: signedAt is the signer's claim, and a stolen
  // expired key could backdate it.
  if (now.getTime() > Date.parse(entry.validUntil)) {
    throw new VerificationError("EXPIRED_KEY", `key ${entry.keyId} expired at ${entry.validUntil}; it verifies nothing after that`);
  }
  if (signedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new VerificationError("EXPIRED_KEY", `signed at ${at}, which is in the future`);
  }
}

export function checkStatementKey(statement: SkillStatement, keyId: string): void {
  if (statement.predicate.keyId !== keyId) {
    throw new VerificationError("MALFORMED", "the statement names a different key than the envelope signature");
  }
  if (contentHash(statement.predicate.files) !== statement.subject[0].digest.sha256) {
    throw new VerificationError("MALFORMED", "the statement's file manifest does not hash to its subject digest");
  }
}

export function checkContent(statement: SkillStatement, snapshot: Snapshot): void {
  if (snapshot.contentHash === statement.subject[0].digest.sha256) return;
  throw new VerificationError("CONTENT_MISMATCH", `the skill's files differ from what was signed: ${describeDiff(statement, snapshot)}`);
}

export function checkPermissions(statement: SkillStatement, skill: LoadedSkill): void {
  const signed = statement.predicate.permissions as unknown as Record<string, unknown>;
  const matches = signed.inferred === true ? inferredMatches(statement, skill) : canonicalize(signed) === canonicalize(skill.permissions);
  if (permissionsHash(statement.predicate.permissions) !== statement.predicate.permissionsHash) {
    throw new VerificationError("PERMISSIONS_MISMATCH", "the signed permissions do not hash to the signed permissionsHash");
  }
  if (!matches) {
    throw new VerificationError("PERMISSIONS_MISMATCH", "the permissions declared in SKILL.md differ from the signed permissions");
  }
}

/**
 * The pipeline may sign permissions it inferred for a skill that declared none (`inferred: true`):
 * then SKILL.md must still declare none of bins/env/paths/network, and everything else must match.
 */
function inferredMatches(statement: SkillStatement, skill: LoadedSkill): boolean {
  const { inferred: _i, bins: _b, env: _e, paths: _p, network: _n, ...signedRest } = statement.predicate.permissions as unknown as Record<string, unknown>;
  const { bins, env, paths, network, ...nowRest } = skill.permissions;
  return [bins, env, paths, network].every((l) => l.length === 0) && canonicalize(signedRest) === canonicalize(nowRest);
}

/** Below the trust file's `minSequence`, or below a sequence already verified on this machine: rollback. */
export function checkSequence(statement: SkillStatement, skillName: string, trust: TrustFile, seen: Record<string, number> = {}): void {
  const names = [...new Set([statement.subject[0].name, skillName].filter(Boolean))];
  const marks = trust.skills ?? {};
  const min = Math.max(0, ...names.map((n) => (Object.hasOwn(marks, n) ? marks[n]!.minSequence : 0)));
  const seq = statement.predicate.sequence;
  if (seq < min) {
    throw new VerificationError("ROLLBACK", `signature sequence ${seq} is older than the trusted minimum ${min} for ${names.join("/")}`);
  }
  const before = Math.max(0, ...names.map((n) => (Object.hasOwn(seen, n) ? seen[n]! : 0)));
  if (seq < before) {
    throw new VerificationError("ROLLBACK", `signature sequence ${seq} is older than sequence ${before} already verified here for ${names.join("/")}`);
  }
}

/** A short "changed/added/removed" summary, so the user sees which file broke the signature. */
function describeDiff(statement: SkillStatement, snapshot: Snapshot): string {
  const signed = new Map(statement.predicate.files.map((f) => [f.path, f]));
  const now = new Map(snapshot.files.map((f) => [f.path, f]));
  const changed: string[] = [];
  const added: string[] = [];
  for (const [path, f] of now) {
    const s = signed.get(path);
    if (!s) added.push(path);
    else if (s.sha256 !== f.sha256 || s.size !== f.size || s.executable !== f.executable) changed.push(path);
  }
  const removed = [...signed.keys()].filter((p) => !now.has(p));
  const part = (label: string, xs: string[]) => (xs.length ? `${label} ${xs.sort(compareUtf8).slice(0, 5).map((x) => JSON.stringify(x)).join(", ")}${xs.length > 5 ? ", ..." : ""}` : "");
  return [part("changed", changed), part("added", added), part("removed", removed)].filter(Boolean).join("; ") || "content hash differs";
}
