/** The parts of Trivy's JSON report (SchemaVersion 2) this stage reads. */
export interface TrivyReport {
  SchemaVersion?: number;
  Trivy?: { Version?: string };
  ArtifactType?: string;
  Results?: TrivyResult[];
}

export interface TrivyResult {
  Target: string;
  Class?: string;
  Type?: string;
  Secrets?: TrivySecret[];
  Misconfigurations?: TrivyMisconfig[];
  Vulnerabilities?: TrivyVulnerability[];
}

export interface TrivySecret {
  RuleID: string;
  Category?: string;
  Severity?: string;
  Title?: string;
  StartLine?: number;
  EndLine?: number;
  /** The matched line with the secret replaced by `*` (Trivy masks it; we check). */
  Match?: string;
}

export interface TrivyMisconfig {
  ID: string;
  AVDID?: string;
  Title?: string;
  Message?: string;
  Resolution?: string;
  Severity?: string;
  Status?: string;
  PrimaryURL?: string;
  CauseMetadata?: { StartLine?: number };
}

export interface TrivyVulnerability {
  VulnerabilityID: string;
  PkgName?: string;
  InstalledVersion?: string;
  FixedVersion?: string;
  Severity?: string;
  Title?: string;
  PrimaryURL?: string;
}
