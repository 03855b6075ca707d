import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StageOutcome } from "../../findings.types.js";

/** What makes a cached semgrep result valid: same files, same rules, same semgrep, same stage logic. */
export interface CacheKeyParts {
  stageVersion: string;
  contentHash: string;
  rulesDigest: string;
  semgrepVersion: string;
}

export function cacheKey(p: CacheKeyParts): string {
  return createHash("sha256").update(JSON.stringify([p.stageVersion, p.contentHash, p.rulesDigest, p.semgrepVersion])).digest("hex");
}

/** Per-skill results under <cacheDir>/semgrep/<key>.json; a broken entry is a miss. */
export class SemgrepCache {
  private readonly dir: string;

  constructor(cacheDir: string) {
    this.dir = join(cacheDir, "semgrep");
  }

  get(key: string): StageOutcome | undefined {
    try {
      const parsed = JSON.parse(readFileSync(join(this.dir, `${key}.json`), "utf8")) as StageOutcome;
      return Array.isArray(parsed.findings) && typeof parsed.status === "string" ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  /** Only complete outcomes are stored: an error must be retried next time. */
  put(key: string, outcome: StageOutcome): void {
    if (outcome.status === "error") return;
    try {
      mkdirSync(this.dir, { recursive: true });
      const tmp = join(this.dir, `${key}.${process.pid}.${Date.now()}.tmp`);
      writeFileSync(tmp, JSON.stringify(outcome));
      renameSync(tmp, join(this.dir, `${key}.json`));
    } catch {
      // A cache that cannot be written only costs a rerun next time.
    }
  }
}
