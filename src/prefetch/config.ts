import { join } from "node:path";

/** Where prefetch downloads from and caches to; SKILLSIGN_* variables point it at a mirror. */
export interface PrefetchConfig {
  /** Content-addressed cache, shared by every skill: blobs by sha256, resolutions by input hash. */
  cacheDir: string;
  /** PEP 503 simple index (a mirror or proxy for a marketplace). */
  pypiIndex: string;
  npmRegistry: string;
  timeoutMs: number;
  /** Most bytes one install step may download (wheels, tarballs, sdists) before it is stopped. */
  maxBytes: number;
}

const DEFAULT_PREFETCH_MAX_MB = 1024;

export const DEFAULT_PYPI_INDEX = "https://pypi.org/simple/";
export const DEFAULT_NPM_REGISTRY = "https://registry.npmjs.org/";

export function prefetchConfig(env: NodeJS.ProcessEnv, home: string): PrefetchConfig {
  const timeout = Number(env.SKILLSIGN_PREFETCH_TIMEOUT_MS);
  const maxMb = Number(env.SKILLSIGN_PREFETCH_MAX_MB);
  return {
    cacheDir: env.SKILLSIGN_PREFETCH_CACHE || join(home, "prefetch"),
    pypiIndex: env.SKILLSIGN_PYPI_INDEX_URL || DEFAULT_PYPI_INDEX,
    npmRegistry: env.SKILLSIGN_NPM_REGISTRY || DEFAULT_NPM_REGISTRY,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 180_000,
    maxBytes: Math.round((Number.isFinite(maxMb) && maxMb > 0 ? maxMb : DEFAULT_PREFETCH_MAX_MB) * 1048576),
  };
}
