import { resolve } from "node:path";
import { InternalError, UsageError } from "../errors.js";
import { frontmatterAmbiguities } from "../skill/ambiguity.js";
import type { Permissions } from "../skill/permissions.js";
import { readSnapshotText } from "../snapshot/read.js";
import type { Snapshot } from "../snapshot/snapshot.types.js";
import { IN_TOTO_PAYLOAD_TYPE, signEnvelope, type Envelope } from "./dsse.js";
import { permissionsHash } from "./permissions-hash.js";
import type { Signer } from "./signer.js";
import { buildStatement } from "./statement.js";
import type { Approval, ResolvedDependency, SbomDigest, ToolInfo } from "./statement.types.js";

export interface SignSkillInput {
  snapshot: Snapshot;
  name: string;
  version: string;
  permissions: Permissions;
  approval: Approval;
  sequence: number;
  verdict?: unknown;
  policyDigest?: string;
  tools?: ToolInfo[];
  dependencies?: ResolvedDependency[];
  sbom?: SbomDigest;
  signedAt?: Date;
}

/**
 * Signs what the snapshot holds (never the live folder): the statement binds the content hash,
 * the file manifest and the permissions hash, and is wrapped in a DSSE envelope.
 */
export async function signSkill(input: SignSkillInput, signer: Signer & { keyId: string }): Promise<Envelope> {
  if (!input.name) throw new InternalError("INTERNAL_ERROR", "signSkill: the skill name is required");
  if (!Number.isSafeInteger(input.sequence) || input.sequence < 1) {
    throw new InternalError("INTERNAL_ERROR", "signSkill: sequence must be a positive integer");
  }
  refuseAmbiguous(input.snapshot);
  const statement = buildStatement({
    name: input.name,
    version: input.version,
    contentHash: input.snapshot.contentHash,
    files: input.snapshot.files,
    permissions: input.permissions,
    permissionsHash: permissionsHash(input.permissions),
    approval: input.approval,
    sequence: input.sequence,
    signedAt: input.signedAt ?? new Date(),
    keyId: signer.keyId,
    verdict: input.verdict,
    policyDigest: input.policyDigest,
    tools: input.tools,
    dependencies: input.dependencies,
    sbom: input.sbom,
  });
  return signEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement), "utf8"), signer);
}

/**
 * A SKILL.md whose frontmatter YAML readers read differently is never signed: the signed
 * permissions would not be the ones another runtime's parser enforces.
 */
export function refuseAmbiguous(snapshot: Snapshot): void {
  const text = readSnapshotText(snapshot, snapshot.skillMdPath);
  const problems = text.ok ? frontmatterAmbiguities(text.text) : [];
  if (problems.length) {
    throw new UsageError("USAGE_ERROR", `cannot sign: SKILL.md frontmatter is ambiguous (different YAML readers see different permissions): ${problems.join("; ")}`);
  }
}

/** `<skill folder>.skillsig.json`, beside the folder: a signature inside would change what it signs. */
export function defaultSignaturePath(skillDir: string): string {
  return `${resolve(skillDir)}.skillsig.json`;
}

export function envelopeJson(envelope: Envelope): string {
  return `${JSON.stringify(envelope, null, 2)}\n`;
}
