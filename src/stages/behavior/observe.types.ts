import type { ContainerEnd } from "../../sandbox/run.types.js";
import type { Canary } from "./canaries.js";
import type { PlannedCommand } from "./plan.js";
import type { SinkholeEvidence } from "./sinkhole/evidence.js";
import type { TraceEvent } from "./trace.types.js";

/** What one command did, as gathered by the runner: the input of the pure analysis. */
export interface CommandObservation {
  planned: PlannedCommand;
  end: ContainerEnd;
  stdout: string;
  stderr: string;
  events: TraceEvent[];
  forkFailures: number;
  diskExceeded: boolean;
  /** Killed for making the syscall log too large (writes in a loop, e.g. to /dev/null). */
  logExceeded?: boolean;
  /** Files created or changed on the host side of the writable mounts, as guest paths with content. */
  changedFiles: Array<{ guestPath: string; content: string }>;
  timeoutMs: number;
  /** What the chamber's network sinkhole recorded (sinkhole/evidence.ts), when the command ran in one. */
  sinkhole?: SinkholeEvidence;
}

export interface SecretBait {
  guestPath: string;
  label: string;
  /** .env next to the code is routinely loaded by benign tools: lower severity. */
  routine: boolean;
}

export interface AnalysisContext {
  canaries: readonly Canary[];
  bait: readonly SecretBait[];
  guestWork: string;
  guestHome: string;
  memoryMb: number;
  /** The skill's own files name netrc (implicit-netrc.ts): a netrc read is then never an HTTP library's lookup. */
  namesNetrc?: boolean;
  /** Names of the packages the build installed (its resolved dependencies): their own home folders are not the skill's doing. */
  installedPackages?: string[];
  declared: {
    network: string[];
    bins: string[];
    env: string[];
    paths: string[];
  };
}
