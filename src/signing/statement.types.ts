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

/** A dependency the build installed, resolved and hash-checked at prefetch (docs/build.md). */
export interface ResolvedDependency {
  ecosystem: string;
  name: string;
  version: string;
  /** sha256 of the file installed (PyPI) — npm entries carry the lock's `integrity` instead. */
  sha256?: string;
  integrity?: string;
  /** false: the skill did not pin it; skillsign resolved it once at prefetch. */
  pinned: boolean;
}

/** The digest of the built image's SBOM, stored with the submission. */
export interface SbomDigest {
  format: string;
  sha256: string;
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
  dependencies?: ResolvedDependency[];
  sbom?: SbomDigest;
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
