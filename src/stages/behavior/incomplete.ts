import type { BehaviorRun } from "./runner.js";

/** Why a run that did execute was not watched completely (the stage then reports error, never passed). */
export function incompleteReason(run: BehaviorRun): string | undefined {
  if (run.traceUnreadable) return `the syscall log could not be read completely (${run.traceUnreadable})`;
  if (run.traceTruncated) return "the syscall log exceeded the analysis bounds (too many records or distinct behaviours)";
  if (run.sandboxCrashed) return `the sandbox runtime crashed (${run.sandboxCrashed})`;
  if (run.workspaceIncomplete) return "the writable directories held more files than the watchdog walks";
  return undefined;
}
