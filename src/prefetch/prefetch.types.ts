
export type PrefetchEcosystem = "pypi" | "npm";

/** One package file skillsign fetched before the build (the build itself has no network). */
export interface ResolvedPackage {
  ecosystem: PrefetchEcosystem;
  name: string;
  version: string;
  /** File name as the registry serves it (wheel, sdist or npm tarball). */
  file: string;
  /** sha256 of the bytes in the cache (hex): what the build installs (pypi; npm has `integrity`). */
  sha256?: string;
  /** npm's SRI integrity from the lock (sha512-…), when it has one. */
  integrity?: string;
  /** The version came from a lock or a hash-pinned line (true) or was resolved at prefetch (false). */
  pinned: boolean;
  /** npm lock `hasInstallScript`: its scripts run only inside the sandboxed build. */
  installScript?: boolean;
  /** pypi: only an sdist exists; pip builds it (runs its setup code) only inside the sandboxed build. */
  sdist?: boolean;
  /** pypi: setuptools/wheel fetched so an sdist can be built offline, not a dependency of the skill. */
  buildTool?: boolean;
}

/** What one install step needs from the cache; written into the build context. */
export interface PrefetchedStep {
  ecosystem: PrefetchEcosystem;
  /** Directory with the step's files: wheels (pypi) or an npm cache (npm). */
  dir: string;
  packages: ResolvedPackage[];
  /** Served from the cache without contacting a registry. */
  cached: boolean;
  /** npm only: a lock skillsign generated because the skill shipped none. */
  generatedLock?: string;
  /** pypi from a project file: the requirements file (in `dir`) the offline install reads. */
  requirementsFile?: string;
  /** pypi from a complete lock: install exactly the listed packages (--no-deps). */
  noDeps?: boolean;
  ms: number;
}
