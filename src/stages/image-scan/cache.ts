import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StageOutcome } from "../../findings.types.js";

/** Same files, same target (image tag carries the base digest), same Trivy, same DB, same stage logic. */
export function imageScanCacheKey(parts: { stageVersion: string; contentHash: string; target: string; trivyVersion: string; vulnDb: string }): string {
  return createHash("sha256")
    .update(JSON.stringify([parts.stageVersion, parts.contentHash, parts.target, parts.trivyVersion, parts.vulnDb]))
    .digest("hex");
}

/** Outcomes under <cacheDir>/image-scan/<key>.json; a broken entry is a miss, errors are never stored. */
export class ImageScanCache {
  private readonly dir: string;

  constructor(cacheDir: string) {
    this.dir = join(cacheDir, "image-scan");
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
      const tmp = join(this.dir, `${key}.${process.pid}.${Date.now()}.tmp`);
      writeFileSync(tmp, JSON.stringify(outcome));
      renameSync(tmp, join(this.dir, `${key}.json`));
    } catch {
      // A cache that cannot be written only costs a rescan next time.
    }
  }
}
