import type { Permissions } from "../skill/permissions.js";
import type { FileEntry } from "../snapshot/snapshot.types.js";
import { VerificationError } from "./error.js";
import { parseStrictJson } from "./strict-json.js";
import * as S from "./shape.js";
import {
  PREDICATE_TYPE,
  STATEMENT_TYPE,
  type Approval,
  type SkillStatement,
  type ResolvedDependency,
  type SbomDigest,
  type ToolInfo,
} from "./statement.types.js";

export interface StatementInput {
  name: string;
  version: string;
  contentHash: string;
  files: readonly FileEntry[];
  permissions: Permissions;
  permissionsHash: string;
  approval: Approval;
  sequence: number;
  signedAt: Date;
  keyId: string;
  verdict?: unknown;
  policyDigest?: string;
  tools?: ToolInfo[];
  dependencies?: ResolvedDependency[];
  sbom?: SbomDigest;
}

export function buildStatement(input: StatementInput): SkillStatement {
  return {
    _type: STATEMENT_TYPE,
    subject: [
      {
        name: input.name,
        digest: { sha256: input.contentHash },
        ...(input.version ? { annotations: { version: input.version } } : {}),
      },
    ],
    predicateType: PREDICATE_TYPE,
    predicate: {
      permissions: input.permissions,
      permissionsHash: input.permissionsHash,
      files: input.files.map((f) => ({ path: f.path, size: f.size, executable: f.executable, sha256: f.sha256 })),
      approval: input.approval,
      ...(input.verdict !== undefined ? { verdict: input.verdict } : {}),
      ...(input.policyDigest !== undefined ? { policyDigest: input.policyDigest } : {}),
      ...(input.tools !== undefined ? { tools: input.tools } : {}),
      ...(input.dependencies !== undefined ? { dependencies: input.dependencies } : {}),
      ...(input.sbom !== undefined ? { sbom: input.sbom } : {}),
      sequence: input.sequence,
      signedAt: input.signedAt.toISOString(),
      keyId: input.keyId,
    },
  };
}

const approval = S.object({ kind: S.oneOf(["pipeline", "reviewer", "manual"] as const) }, { by: S.str, note: S.str });

/** Shape check only; the values are compared against recomputed ones by verify.ts. */
const statementSchema = S.object({
  _type: S.literal(STATEMENT_TYPE),
  subject: S.tuple1(S.object({ name: S.nonEmpty, digest: S.object({ sha256: S.hex64 }) }, { annotations: S.object({ version: S.str }) })),
  predicateType: S.literal(PREDICATE_TYPE),
  predicate: S.object(
    {
      permissions: S.record(S.str, S.unknownValue),
      permissionsHash: S.hex64,
      files: S.array(S.object({ path: S.nonEmpty, size: S.int(0), executable: S.bool, sha256: S.hex64 })),
      approval,
      sequence: S.int(1),
      signedAt: S.isoDate,
      keyId: S.hex64,
    },
    {
      verdict: S.unknownValue,
      policyDigest: S.str,
      tools: S.array(S.object({ name: S.str, version: S.str })),
      dependencies: S.array(S.object({ ecosystem: S.str, name: S.str, version: S.str, pinned: S.bool }, { sha256: S.hex64, integrity: S.str })),
      sbom: S.object({ format: S.str, sha256: S.hex64 }),
    },
  ),
});

/** Parses and shape-checks a signed payload; anything else is `malformed`. */
export function parseStatement(payload: Uint8Array): SkillStatement {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(payload);
  } catch {
    throw new VerificationError("MALFORMED", "the signed payload is not UTF-8 JSON");
  }
  const raw = parseStrictJson(text, "the signed payload");
  const parsed = S.tryShape(statementSchema, raw);
  if (!parsed.ok) throw new VerificationError("MALFORMED", `the signed statement is not a skillsign attestation: ${parsed.error.message}`);
  return parsed.value as unknown as SkillStatement;
}
