import { BaseError } from "../../errors.js";

export type PatternDbErrorCode = "PATTERN_DB_MISSING" | "PATTERN_DB_INVALID" | "PATTERN_DB_DUPLICATE_ID" | "PATTERN_REGEX_INVALID";

/** The pattern database could not be loaded; the message names the file and the pattern id. */
export class PatternDbError extends BaseError<PatternDbErrorCode> {}
