import { OutcomeCache, outcomeCacheKey } from "../../cache/outcome-cache.js";

/** Same files, same target (image tag carries the base digest), same Trivy, same DB, same stage logic. */
export function imageScanCacheKey(parts: { stageVersion: string; contentHash: string; target: string; trivyVersion: string; vulnDb: string }): string {
  return outcomeCacheKey([parts.stageVersion, parts.contentHash, parts.target, parts.trivyVersion, parts.vulnDb]);
}

/** Outcomes under <cacheDir>/image-scan/<key>.json. */
export class ImageScanCache extends OutcomeCache {
  constructor(cacheDir: string) {
    super(cacheDir, "image-scan");
  }
}
