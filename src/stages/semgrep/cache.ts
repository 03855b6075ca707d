import { OutcomeCache, outcomeCacheKey } from "../../cache/outcome-cache.js";

/** What makes a cached semgrep result valid: same files, same rules, same semgrep, same stage logic. */
export interface CacheKeyParts {
  stageVersion: string;
  contentHash: string;
  rulesDigest: string;
  semgrepVersion: string;
}

export function cacheKey(p: CacheKeyParts): string {
  return outcomeCacheKey([p.stageVersion, p.contentHash, p.rulesDigest, p.semgrepVersion]);
}

/** Per-skill results under <cacheDir>/semgrep/<key>.json. */
export class SemgrepCache extends OutcomeCache {
  constructor(cacheDir: string) {
    super(cacheDir, "semgrep");
  }
}
