import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StageOutcome } from "../findings.types.js";

/** A cache key from everything that makes a stored outcome valid (content hash, tool and stage versions...). */
export function outcomeCacheKey(parts: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/**
 * Stage outcomes under <cacheDir>/<stageId>/<key>.json, keyed by content hash, so an unchanged
 * skill costs nothing. A broken entry is a miss; errors are never stored (they must be retried).
 */
export class OutcomeCache {
  private readonly dir: string;

  constructor(cacheDir: string, stageId: string) {
    this.dir = join(cacheDir, stageId);
  }

  get(key: string): StageOutcome | undefined {
    try {
      const parsed = JSON.parse(readFileSync(join(this.dir, `${key}.json`), "utf8")) as StageOutcome;
      return Array.isArray(parsed.findings) && typeof parsed.status === "string" ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  put(key: string, outcome: StageOutcome): void {
    if (outcome.status === "error") return;
    try {
      mkdirSync(this.dir, { recursive: true });
      // Write then rename: concurrent writers of the same key never expose a half-written file.
      const tmp = join(this.dir, `${key}.${process.pid}.${Date.now()}.tmp`);
      writeFileSync(tmp, JSON.stringify(outcome));
      renameSync(tmp, join(this.dir, `${key}.json`));
    } catch {
      // A cache that cannot be written only costs a rerun next time.
    }
  }
}
