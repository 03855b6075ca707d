export { takeSnapshot, type SnapshotOptions } from "./snapshot.js";
export { SnapshotError, type SnapshotErrorCode } from "./error.js";
export { DEFAULT_LIMITS, type SnapshotLimits } from "./limits.js";
export { compareUtf8, assertSafeRelativePath, printable } from "./paths.js";
export { readSnapshotText } from "./read.js";
export type { FileEntry, Snapshot } from "./snapshot.types.js";
