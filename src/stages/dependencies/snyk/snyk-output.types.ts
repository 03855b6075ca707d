/** The fields of `snyk test --json` output that skillsign reads (Snyk CLI's documented JSON). */
export interface SnykVulnerability {
  id: string;
  title: string;
  severity: string;
  packageName: string;
  version: string;
  /** Dependency path from the project to the vulnerable package, e.g. ["skill@1.0.0", "lodash@4.17.15"]. */
  from?: string[];
  fixedIn?: string[];
  isUpgradable?: boolean;
  isPatchable?: boolean;
  upgradePath?: (string | boolean)[];
  identifiers?: { CVE?: string[]; CWE?: string[] };
}

/** One project's result. With --all-projects the CLI prints an array of these. */
export interface SnykProjectResult {
  ok: boolean;
  vulnerabilities?: SnykVulnerability[];
  displayTargetFile?: string;
  targetFile?: string;
  packageManager?: string;
  projectName?: string;
  dependencyCount?: number;
  /** Present instead of results when the test failed. */
  error?: string;
  path?: string;
}
