import { z } from "zod";
import type { Permissions } from "../skill/permissions.js";
import type { FileEntry } from "../snapshot/snapshot.types.js";
import { VerificationError } from "./error.js";
import { parseStrictJson } from "./strict-json.js";
import {
  PREDICATE_TYPE,
  STATEMENT_TYPE,
  type Approval,
  type SkillStatement,
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
      sequence: input.sequence,
      signedAt: input.signedAt.toISOString(),
      keyId: input.keyId,
    },
  };
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s), "ISO 8601 date-time");
const approval = z.strictObject({
  kind: z.enum(["pipeline", "reviewer", "manual"]),
  by: z.string().optional(),
  note: z.string().optional(),
});

/** Shape check only; the values are compared against recomputed ones by verify.ts. */
const statementSchema = z.strictObject({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.tuple([
    z.strictObject({
      name: z.string().min(1),
      digest: z.strictObject({ sha256: hex64 }),
      annotations: z.strictObject({ version: z.string() }).optional(),
    }),
  ]),
  predicateType: z.literal(PREDICATE_TYPE),
  predicate: z.strictObject({
    permissions: z.record(z.string(), z.unknown()),
    permissionsHash: hex64,
    files: z.array(
      z.strictObject({ path: z.string().min(1), size: z.number().int().nonnegative(), executable: z.boolean(), sha256: hex64 }),
    ),
    approval,
    verdict: z.unknown().optional(),
    policyDigest: z.string().optional(),
    tools: z.array(z.strictObject({ name: z.string(), version: z.string() })).optional(),
    sequence: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    signedAt: isoDate,
    keyId: hex64,
  }),
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
  const parsed = statementSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join(".") || "(root)" : "(root)";
    throw new VerificationError("MALFORMED", `the signed statement is not a skillsign attestation: ${where}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data as unknown as SkillStatement;
}
