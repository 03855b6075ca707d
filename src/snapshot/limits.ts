/** Limits on what a skill folder may contain; all configurable, these are the defaults. */
export interface SnapshotLimits {
  maxFiles: number;
  maxTotalBytes: number;
  maxFileBytes: number;
  maxDepth: number;
}

export const DEFAULT_LIMITS: SnapshotLimits = {
  maxFiles: 2_000,
  maxTotalBytes: 50 * 1024 * 1024,
  maxFileBytes: 20 * 1024 * 1024,
  maxDepth: 32,
};
