/** Build limits; SKILLSIGN_BUILD_* variables override them (tests use a short timeout). */
export interface BuildConfig {
  memoryBytes: number;
  cpuQuota: number;
  timeoutMs: number;
  /** Each declared install step runs under timeout(1): a step that never exits costs this, not the whole build. */
  stepTimeoutMs: number;
  /** RLIMIT_NPROC of the build user: the legacy build API has no pids limit (docs/build.md). */
  nproc: number;
  shmBytes: number;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_STEP_TIMEOUT_MS = 60_000;
/** Leaves the stage time to clean up before the runner's own stage timeout fires. */
const CLEANUP_MARGIN_MS = 20_000;

export function buildConfig(env: NodeJS.ProcessEnv, stageTimeoutMs: number): BuildConfig {
  const num = (key: string, fallback: number) => {
    const v = Number(env[key]);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  const wanted = num("SKILLSIGN_BUILD_TIMEOUT_MS", DEFAULT_TIMEOUT_MS);
  const timeoutMs = Math.max(1_000, Math.min(wanted, stageTimeoutMs - CLEANUP_MARGIN_MS));
  return {
    memoryBytes: num("SKILLSIGN_BUILD_MEMORY_MB", 1024) * 1024 * 1024,
    cpuQuota: Math.round(num("SKILLSIGN_BUILD_CPUS", 1) * 100_000),
    timeoutMs,
    stepTimeoutMs: Math.max(1_000, Math.min(num("SKILLSIGN_BUILD_STEP_TIMEOUT_MS", DEFAULT_STEP_TIMEOUT_MS), timeoutMs)),
    nproc: num("SKILLSIGN_BUILD_NPROC", 512),
    shmBytes: 64 * 1024 * 1024,
  };
}
