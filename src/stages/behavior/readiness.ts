import { constants as fsc } from "node:fs";
import { access } from "node:fs/promises";
import type Docker from "dockerode";
import { BaseError } from "../../errors.js";
import { dockerClient, probeEngine } from "../../sandbox/client.js";
import { ensureImage } from "../../sandbox/image.js";
import { behaviorConfig, type BehaviorConfig } from "./sandbox-config.js";
import { hasFramedTrace, hasStrace, traceDirFromArgs } from "./trace-log.js";

export type BehaviorSetupCode = "RUNTIME_NOT_MONITORED" | "TRACE_DIR_INACCESSIBLE";
/** The engine works but is not set up for monitored runs. */
export class BehaviorSetupError extends BaseError<BehaviorSetupCode> {}

export interface BehaviorSandbox {
  docker: Docker;
  engineVersion: string;
  traceDir: string;
  imageId: string;
}

/**
 * Everything a monitored run needs, checked up front: engine, the runsc-trace runtime with
 * --strace and a --debug-log directory we can read and clean, and the image. Throws
 * DockerUnavailableError or BehaviorSetupError with a message that says what to do.
 * `skillsign doctor` can call it as is.
 */
export async function prepareBehaviorSandbox(config: BehaviorConfig, env: NodeJS.ProcessEnv): Promise<BehaviorSandbox> {
  const docker = dockerClient(env);
  const engine = await probeEngine(docker, [config.runtime]);
  const args = engine.runtimeArgs[config.runtime];
  const traceDir = traceDirFromArgs(args);
  if (!traceDir || !hasStrace(args) || !hasFramedTrace(args)) {
    throw new BehaviorSetupError(
      "RUNTIME_NOT_MONITORED",
      `Docker runtime "${config.runtime}" is not a monitored runsc runtime (needs --strace --debug --debug-log=DIR/ --debug-log-format=json and the --strace-syscalls list of scripts/lib/docker.sh); run scripts/setup`,
    );
  }
  await access(traceDir, fsc.R_OK | fsc.W_OK).catch((err: unknown) => {
    throw new BehaviorSetupError(
      "TRACE_DIR_INACCESSIBLE",
      `cannot read and clean the runsc trace directory ${traceDir} (run as root, or give this user access)`,
      err,
    );
  });
  const image = await ensureImage(config.image, docker);
  return { docker, engineVersion: engine.serverVersion, traceDir, imageId: image.id };
}

/** The same check with the default configuration (repository assets + environment overrides). */
export async function checkBehaviorSandbox(assetsDir: string, env: NodeJS.ProcessEnv = process.env): Promise<BehaviorSandbox> {
  return prepareBehaviorSandbox(behaviorConfig(assetsDir, env), env);
}
