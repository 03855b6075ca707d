import type Docker from "dockerode";

export interface BindMount {
  hostPath: string;
  containerPath: string;
  readOnly?: boolean;
}

export interface ContainerLimits {
  /** Hard memory limit; swap is disabled by setting MemorySwap to the same value. */
  memoryBytes?: number;
  /** CPU quota in units of 1e-9 CPUs (1.0 CPU = 1e9). */
  nanoCpus?: number;
  /** Enforced by runc; NOT by gVisor (use `nproc` with a non-root user there). */
  pidsLimit?: number;
  /** RLIMIT_NPROC soft=hard; the reliable process cap under gVisor. */
  nproc?: number;
  /** RLIMIT_NOFILE soft=hard. */
  nofile?: number;
}

/** Secure by default: no network, all capabilities dropped, no-new-privileges, read-only root. */
export interface RunContainerOptions {
  image: string;
  cmd: string[];
  docker?: Docker;
  runtime?: string;
  env?: Record<string, string>;
  binds?: BindMount[];
  /** container path -> mount options, e.g. { "/tmp": "rw,size=64m" } */
  tmpfs?: Record<string, string>;
  user?: string;
  workingDir?: string;
  /** Always add an owner label so leftovers can be found: `docker ps -a --filter label=<key>`. */
  labels?: Record<string, string>;
  limits?: ContainerLimits;
  /** Defaults to "none". */
  networkMode?: string;
  dns?: string[];
  readOnlyRootfs?: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Per stream; output past this is dropped and `truncated` is set. */
  maxOutputBytes?: number;
  /** Sees every output chunk as it arrives, also past maxOutputBytes (e.g. to search all of it). */
  onOutput?: (stream: "stdout" | "stderr", chunk: Buffer) => void;
  /** Capabilities added back after dropping ALL (e.g. the behaviour chamber's init, which drops them before the skill runs). */
  capAdd?: string[];
  /** The guest's host name (Docker's default is the container id). */
  hostname?: string;
  /** Called once the container has started (e.g. to watch its disk use). Return a stop function. */
  onStarted?: (containerId: string, kill: (reason: string) => void) => (() => void) | void;
}

export type ContainerEnd =
  | { kind: "exited"; exitCode: number; oomKilled: boolean }
  | { kind: "timeout" }
  | { kind: "aborted" }
  | { kind: "killed"; reason: string };

export interface ContainerRunResult {
  containerId: string;
  end: ContainerEnd;
  stdout: string;
  stderr: string;
  truncated: boolean;
  durationMs: number;
}
