import { createRequire } from "node:module";
import type Docker from "dockerode";

// dockerode (CommonJS, with ssh2 and docker-modem) costs ~150 ms to load: required on first use,
// so commands and static scans that never talk to Docker do not pay for it.
const require = createRequire(import.meta.url);
let DockerClass: typeof Docker | undefined;
const newDocker = (options: Docker.DockerOptions): Docker => new (DockerClass ??= require("dockerode") as typeof Docker)(options);
import { classifyDockerError, DockerUnavailableError } from "./errors.js";

/** One dockerode client; honours DOCKER_HOST (unix:// or tcp://) like the docker CLI. */
export function dockerClient(env: NodeJS.ProcessEnv = process.env): Docker {
  const host = env.DOCKER_HOST;
  if (!host) return newDocker({ socketPath: "/var/run/docker.sock" });
  if (host.startsWith("unix://")) return newDocker({ socketPath: host.slice("unix://".length) || "/var/run/docker.sock" });
  const url = new URL(host.replace(/^tcp:/, "http:"));
  return newDocker({ host: url.hostname, port: Number(url.port || 2375), protocol: "http" });
}

export interface EngineInfo {
  serverVersion: string;
  runtimes: string[];
  /** Extra arguments dockerd passes to each registered runtime (e.g. runsc's --debug-log dir). */
  runtimeArgs: Record<string, string[]>;
}

/** Asks the engine who it is; throws DockerUnavailableError when it cannot answer or lacks a runtime. */
export async function probeEngine(docker: Docker, requiredRuntimes: string[] = []): Promise<EngineInfo> {
  let info: { ServerVersion?: string; Runtimes?: Record<string, { runtimeArgs?: string[] } | undefined> };
  try {
    info = (await docker.info()) as typeof info;
  } catch (err) {
    throw classifyDockerError(err, "query the engine");
  }
  const runtimes = Object.keys(info.Runtimes ?? {}).sort();
  for (const r of requiredRuntimes) {
    if (!runtimes.includes(r)) {
      throw new DockerUnavailableError(
        "RUNTIME_MISSING",
        `Docker runtime "${r}" is not registered (have: ${runtimes.join(", ") || "none"}); run scripts/setup`,
      );
    }
  }
  const runtimeArgs = Object.fromEntries(runtimes.map((r) => [r, [...(info.Runtimes?.[r]?.runtimeArgs ?? [])]]));
  return { serverVersion: info.ServerVersion ?? "unknown", runtimes, runtimeArgs };
}
