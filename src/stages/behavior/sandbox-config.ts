import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Everything about the sandbox that a deployment may want to tune, with the defaults from the brief. */
export interface BehaviorConfig {
  image: string;
  runtime: string;
  uid: number;
  guestHome: string;
  guestWork: string;
  memoryBytes: number;
  nanoCpus: number;
  nproc: number;
  commandTimeoutMs: number;
  /** Wall-clock budget for all commands of one skill. */
  totalBudgetMs: number;
  maxCommands: number;
  /** Bytes the guest may add to its writable directories before it is killed. */
  diskQuotaBytes: number;
  tmpfsSize: string;
}

export const CONTAINER_LABEL = "org.skillsign.stage";
export const CONTAINER_LABEL_VALUE = "behavior";

const BASE_ENV_FILE = "docker/base-image.env";

/** Reads docker/base-image.env (user, uid, home) and SKILLSIGN_BEHAVIOR_* overrides from the environment. */
export function behaviorConfig(assetsDir: string, env: NodeJS.ProcessEnv): BehaviorConfig {
  const base = readBaseEnv(join(assetsDir, BASE_ENV_FILE));
  const num = (key: string, fallback: number) => {
    const v = Number(env[key]);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return {
    image: env.SKILLSIGN_BEHAVIOR_IMAGE || `${base.SKILLSIGN_BASE_REPO || "skillsign/base"}:latest`,
    runtime: env.SKILLSIGN_BEHAVIOR_RUNTIME || "runsc-trace",
    uid: Number(base.SKILLSIGN_BASE_UID) || 1000,
    guestHome: base.SKILLSIGN_BASE_HOME || "/home/skill",
    guestWork: "/work",
    memoryBytes: 256 * 1024 * 1024,
    nanoCpus: 1e9,
    nproc: 64,
    commandTimeoutMs: num("SKILLSIGN_BEHAVIOR_COMMAND_TIMEOUT_MS", 10_000),
    totalBudgetMs: num("SKILLSIGN_BEHAVIOR_BUDGET_MS", 120_000),
    maxCommands: num("SKILLSIGN_BEHAVIOR_MAX_COMMANDS", 12),
    diskQuotaBytes: 64 * 1024 * 1024,
    tmpfsSize: "64m",
  };
}

function readBaseEnv(path: string): Record<string, string> {
  try {
    const out: Record<string, string> = {};
    for (const line of readFileSync(path, "utf8").split("\n")) {
      const m = /^(SKILLSIGN_BASE_[A-Z_]+)=(.*)$/.exec(line.trim());
      if (m) out[m[1]!] = m[2]!;
    }
    return out;
  } catch {
    return {};
  }
}
