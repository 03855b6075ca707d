import { BaseError, UsageError } from "../errors.js";
import { SnapshotError } from "../snapshot/error.js";
import { KeyError } from "../signing/error.js";

/** Exit codes of ci, submit and scan (DESIGN.md). verify uses its own table in src/cli/verify.ts. */
export const EXIT = {
  approved: 0,
  /** An approved skill when `--fail-on approved` asks for every verdict to fail. */
  failOnApproved: 1,
  review: 10,
  rejected: 20,
  usage: 2,
  internal: 3,
} as const;

/** The one table that maps errors to exit codes. Anything unknown is internal: fail closed. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof SnapshotError || err instanceof UsageError) return EXIT.usage;
  // Wrong passphrase, existing key, invalid trust file: the user can fix these.
  if (err instanceof KeyError) return EXIT.usage;
  // By shape, not instanceof: the light verify entry must not load commander to map an error.
  if (isCommanderError(err)) return EXIT.usage;
  return EXIT.internal;
}

export function describeError(err: unknown): string {
  if (err instanceof BaseError) return `error [${err.code}]: ${err.message}`;
  if (err instanceof Error) return `internal error: ${err.message}`;
  return `internal error: ${String(err)}`;
}

function isCommanderError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === "string" && code.startsWith("commander.");
}

/**
 * Commander's own messages ("error: unknown option '--x'") in the tool's one error format; for
 * `configureOutput({ outputError })` of any commander program (main.ts; the light entry can too).
 */
export function commanderErrorLine(text: string): string {
  const message = text.replace(/^error:\s*/i, "").trimEnd();
  return `skillsign: error [USAGE_ERROR]: ${message}\n`;
}
