import type { Finding } from "../findings.types.js";

/** One file of a skill, as frozen in the snapshot. Paths use "/" and are relative to the skill root. */
export interface FileEntry {
  path: string;
  size: number;
  executable: boolean;
  sha256: string;
}

export interface Snapshot {
  /** The folder the user pointed at (for messages only; never read again). */
  sourcePath: string;
  /** The private, read-only copy every stage reads ("" for an in-memory snapshot). */
  root: string;
  /** File bytes of an in-memory snapshot (taken without a store directory). */
  contents?: ReadonlyMap<string, Buffer>;
  /** Sorted by UTF-8 bytes of `path`. */
  files: readonly FileEntry[];
  /** Hex SHA-256 over the framed manifest (docs/signature-format.md). */
  contentHash: string;
  /** "SKILL.md", or a differently-cased variant accepted with a warning. */
  skillMdPath: string;
  /** Observations made while copying: archives, a lowercase skill.md. */
  notes: readonly Finding[];
}
