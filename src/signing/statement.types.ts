import type { Permissions } from "../skill/permissions.js";

export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const PREDICATE_TYPE = "https://skillsign.dev/attestation/v1";

/** How the signed skill came to be approved (the predicate records which path signed it). */
export type Approval =
  | { kind: "pipeline"; by?: string; note?: string }
  | { kind: "reviewer"; by?: string; note?: string }
  | { kind: "manual"; by?: string; note?: string };

export interface ToolInfo {
  name: string;
  version: string;
}

export interface ManifestFile {
  path: string;
  size: number;
  executable: boolean;
  sha256: string;
}

export interface SkillPredicate {
  permissions: Permissions;
  permissionsHash: string;
  files: ManifestFile[];
  approval: Approval;
  verdict?: unknown;
  policyDigest?: string;
  tools?: ToolInfo[];
  sequence: number;
  signedAt: string;
  keyId: string;
}

export interface SkillSubject {
  name: string;
  digest: { sha256: string };
  annotations?: { version: string };
}

/** in-toto Statement v1 whose predicate is skillsign's attestation. */
export interface SkillStatement {
  _type: typeof STATEMENT_TYPE;
  subject: [SkillSubject];
  predicateType: typeof PREDICATE_TYPE;
  predicate: SkillPredicate;
}
