import { BaseError } from "../errors.js";

/** Every way a skill folder can be refused before any analysis runs (exit code 2). */
export type SnapshotErrorCode =
  | "NOT_A_DIRECTORY"
  | "SYMLINK"
  | "HARDLINK"
  | "SPECIAL_FILE"
  | "PATH_TRAVERSAL"
  | "INVALID_NAME_ENCODING"
  | "CONTROL_CHAR_NAME"
  | "NON_NFC_NAME"
  | "CASE_COLLISION"
  | "MISSING_SKILL_MD"
  | "TOO_MANY_FILES"
  | "TOO_DEEP"
  | "TOTAL_SIZE_LIMIT"
  | "FILE_SIZE_LIMIT"
  | "UNREADABLE";

export class SnapshotError extends BaseError<SnapshotErrorCode> {
  /** The offending path relative to the skill root, when there is one. */
  readonly path?: string;

  constructor(code: SnapshotErrorCode, message: string, path?: string, cause?: unknown) {
    super(code, message, cause);
    this.path = path;
  }
}
