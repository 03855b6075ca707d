import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MAX_TRACE_LOG_BYTES } from "./log-watch.js";

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
  /** Size of one command's syscall log at which the command is killed (log-watch.ts). */
  maxTraceLogBytes: number;
  /** The guest's host name: a workstation's, not Docker's container id. */
  hostname: string;
  /**
   * Thread-group ids (as runsc prints them) whose syscalls are not the skill's: the chamber init
   * when one runs as PID 1 (docs/behavior.md, "Chamber init"). Empty: everything is the skill's.
   */
  ignorePids: ReadonlySet<number>;
}

export const CONTAINER_LABEL = "org.skillsign.stage";
export const CONTAINER_LABEL_VALUE = "behavior";

const BASE_ENV_FILE = "docker/base-image.env";

const HOSTNAMES = ["dev-laptop", "workstation", "thinkpad-x1", "ubuntu-desktop", "devbox", "precision-5570"];

/**
 * Reads docker/base-image.env (user, uid, home) and SKILLSIGN_BEHAVIOR_* overrides from the
 * environment. The guest sees a user's machine: the skill in ~/projects/<name>, a workstation's
 * host name, room in memory (docs/behavior.md, "A believable host").
 */
export function behaviorConfig(assetsDir: string, env: NodeJS.ProcessEnv, skillName = "my-skill"): BehaviorConfig {
  const base = readBaseEnv(join(assetsDir, BASE_ENV_FILE));
  const num = (key: string, fallback: number) => {
    const v = Number(env[key]);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  const home = base.SKILLSIGN_BASE_HOME || "/home/skill";
  return {
    image: env.SKILLSIGN_BEHAVIOR_IMAGE || `${env.SKILLSIGN_BASE_REPO || base.SKILLSIGN_BASE_REPO || "skillsign/base"}:latest`,
    runtime: env.SKILLSIGN_BEHAVIOR_RUNTIME || "runsc-trace",
    uid: Number(base.SKILLSIGN_BASE_UID) || 1000,
    guestHome: home,
    guestWork: `${home}/projects/${projectDir(skillName)}`,
    memoryBytes: 1024 * 1024 * 1024,
    nanoCpus: 1e9,
    nproc: 64,
    commandTimeoutMs: num("SKILLSIGN_BEHAVIOR_COMMAND_TIMEOUT_MS", 10_000),
    totalBudgetMs: num("SKILLSIGN_BEHAVIOR_BUDGET_MS", 120_000),
    // 64: on the 216 benign corpus skills the plan's p90 is 36 and p95 61 commands (~1.5 s each, inside the 120 s budget).
    maxCommands: num("SKILLSIGN_BEHAVIOR_MAX_COMMANDS", 64),
    diskQuotaBytes: 64 * 1024 * 1024,
    tmpfsSize: "64m",
    maxTraceLogBytes: num("SKILLSIGN_BEHAVIOR_MAX_TRACE_LOG_MB", MAX_TRACE_LOG_BYTES / 1048576) * 1048576,
    hostname: HOSTNAMES[Math.floor(Math.random() * HOSTNAMES.length)]!,
    ignorePids: new Set(),
  };
}

/** A directory name a user would have: the skill's name, lower-case, no path characters. */
function projectDir(name: string): string {
  const clean = name.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[.-]+|-+$/g, "").slice(0, 64);
  return clean || "my-skill";
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
