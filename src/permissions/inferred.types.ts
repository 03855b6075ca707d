/**
 * What the pipeline saw a skill use, as permission lists (the same vocabulary as the declared
 * `Permissions`): from the manifest stage's static usage scan and the behaviour stage's run.
 */
export interface InferredUse {
  /** Hosts reached; "*" when code reaches a host the analysis could not name. */
  network: string[];
  /** Environment variables read (common ones such as HOME are left out). */
  env: string[];
  /** Programs run, by the binary actually executed when the sandbox saw it. */
  bins: string[];
  /** Paths written outside the skill's folder and the temp folders, with the home folder as ~. */
  paths: string[];
  /** Where each list came from, for the report. */
  sources: { static: boolean; observed: boolean };
}
