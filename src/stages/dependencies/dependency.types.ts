export type Ecosystem = "npm" | "pypi";

/** One declared dependency, as written in a manifest (relative path from the skill root). */
export interface Dependency {
  ecosystem: Ecosystem;
  /** Normalised: lowercased; PyPI runs of -, _ and . become "-". */
  name: string;
  /** The version spec as written ("^1.2.0", ">=2", "git+https://...", "" when missing). */
  spec: string;
  file: string;
  line?: number;
  /** Where it came from: "dependencies", "devDependencies", "project.dependencies", "lockfile", ... */
  section: string;
  /** pip's `--hash=<algo>:<hex>` options of this requirement (a hash-pinned requirements file). */
  hashes?: string[];
}

/** An npm lifecycle script that runs on `npm install`. */
export interface InstallScript {
  file: string;
  line?: number;
  hook: string;
  command: string;
}

/** A manifest line that changes where packages come from (custom index, trusted host). */
export interface SourceOption {
  file: string;
  line?: number;
  option: string;
  value: string;
}

export interface ParsedManifests {
  dependencies: Dependency[];
  installScripts: InstallScript[];
  sourceOptions: SourceOption[];
  /** Manifests that could not be read: reported, never a crash. */
  unreadable: { file: string; why: string }[];
}
