import type Docker from "dockerode";
import { execa } from "../tools/lazy-execa.js";
import { errorMessage, InternalError } from "../errors.js";
import { dockerClient, probeEngine, type EngineInfo } from "../sandbox/client.js";
import { ensureImage } from "../sandbox/image.js";
import { checkBehaviorSandbox } from "../stages/behavior/readiness.js";
import { platformBaseImage } from "../stages/image-build/base-image.js";
import { trivyCacheDir, vulnDb } from "../stages/image-scan/vuln-db.js";
import { SEMGREP_QUIET_ENV } from "../stages/semgrep/invoke.js";
import { findTool, findToolPath } from "../tools/find-tool.js";
import type { ComponentCheck } from "./doctor.types.js";

const SETUP = "sudo skillsign setup";
const PROBE_TIMEOUT_MS = 8_000;

export interface CheckEnv {
  env: NodeJS.ProcessEnv;
  assetsDir: string;
  /** $SKILLSIGN_HOME/cache: where the Trivy cache (and any vulnerability DB) lives. */
  cacheDir: string;
}

export type EngineProbe = { ok: true; docker: Docker; info: EngineInfo } | { ok: false; reason: string };

export async function probeDocker(c: CheckEnv): Promise<EngineProbe> {
  try {
    const docker = dockerClient(c.env);
    const info = await withTimeout(probeEngine(docker), `no answer from the Docker engine within ${PROBE_TIMEOUT_MS} ms`);
    return { ok: true, docker, info };
  } catch (err) {
    return { ok: false, reason: errorMessage(err) };
  }
}

export function dockerCheck(engine: EngineProbe, env: NodeJS.ProcessEnv): ComponentCheck {
  const where = env.DOCKER_HOST ? ` at ${env.DOCKER_HOST}` : "";
  if (!engine.ok) return { id: "docker", name: "Docker engine", status: "missing", detail: engine.reason, fix: `${SETUP} --only apt,docker` };
  return { id: "docker", name: "Docker engine", status: "found", version: engine.info.serverVersion, detail: `reachable${where}` };
}

export async function runscCheck(engine: EngineProbe, c: CheckEnv): Promise<ComponentCheck> {
  const base = { id: "runsc" as const, name: "gVisor runtime (runsc)" };
  if (!engine.ok) return { ...base, status: "missing", detail: "cannot ask the engine: Docker is not reachable", fix: `${SETUP} --only apt,docker` };
  const want = ["runsc", "runsc-trace"];
  const absent = want.filter((r) => !engine.info.runtimes.includes(r));
  if (absent.length) {
    return { ...base, status: "missing", detail: `not registered with dockerd: ${absent.join(", ")} (have: ${engine.info.runtimes.join(", ")})`, fix: `${SETUP} --only docker` };
  }
  if (!(engine.info.runtimeArgs.runsc ?? []).includes("--network=none")) {
    return { ...base, status: "missing", detail: `runtime "runsc" is registered without --network=none (args: ${(engine.info.runtimeArgs.runsc ?? []).join(" ") || "none"})`, fix: `${SETUP} --only docker` };
  }
  return { ...base, status: "found", version: await runscVersion(c.env), detail: `registered runtimes: ${engine.info.runtimes.join(", ")}` };
}

/** The behaviour stage's own readiness check (monitored runtime, trace directory, image). */
export async function behaviorSandboxCheck(engine: EngineProbe, c: CheckEnv): Promise<ComponentCheck> {
  const base = { id: "behavior-sandbox" as const, name: "behaviour sandbox (runsc-trace)" };
  if (!engine.ok) return { ...base, status: "missing", detail: "cannot check: Docker is not reachable", fix: `${SETUP} --only docker` };
  try {
    const ready = await withTimeout(checkBehaviorSandbox(c.assetsDir, c.env), "behaviour sandbox check timed out");
    return { ...base, status: "found", detail: `trace log in ${ready.traceDir}` };
  } catch (err) {
    return { ...base, status: "missing", detail: errorMessage(err), fix: `${SETUP} --only docker,base-image` };
  }
}

export async function baseImageCheck(engine: EngineProbe, c: CheckEnv): Promise<ComponentCheck> {
  const image = platformBaseImage(c.assetsDir, c.env);
  const base = { id: "base-image" as const, name: "platform base image" };
  const fix = `${SETUP} --only base-image`;
  if (!engine.ok) return { ...base, status: "missing", detail: `cannot check ${image.tag}: Docker is not reachable`, fix };
  try {
    const info = await withTimeout(ensureImage(image.tag, engine.docker), "image lookup timed out");
    return { ...base, status: "found", version: image.tag, detail: `${image.tag} (${info.id.replace(/^sha256:/, "").slice(0, 12)})` };
  } catch (err) {
    return { ...base, status: "missing", detail: errorMessage(err), fix };
  }
}

export async function semgrepCheck(c: CheckEnv): Promise<ComponentCheck> {
  const tool = await findTool("semgrep", { env: c.env, probeEnv: SEMGREP_QUIET_ENV, timeoutMs: 60_000 }).catch(() => undefined);
  const base = { id: "semgrep" as const, name: "Semgrep" };
  if (!tool) return { ...base, status: "missing", detail: "not found in $SKILLSIGN_TOOLS/bin or PATH", fix: `${SETUP} --only semgrep` };
  return { ...base, status: "found", version: tool.version, detail: tool.path };
}

export async function trivyCheck(c: CheckEnv): Promise<ComponentCheck> {
  const tool = await findTool("trivy", { env: c.env, timeoutMs: 30_000 }).catch(() => undefined);
  const base = { id: "trivy" as const, name: "Trivy" };
  if (!tool) return { ...base, status: "missing", detail: "not found in $SKILLSIGN_TOOLS/bin or PATH", fix: `${SETUP} --only trivy` };
  const cacheDir = trivyCacheDir(c.cacheDir, c.env);
  const db = vulnDb(cacheDir);
  const dbText = db.present
    ? `vulnerability DB present${db.updatedAt ? ` (updated ${db.updatedAt})` : ""}`
    : `no vulnerability DB in ${cacheDir} (vulnerability scanning skipped; secrets and misconfigurations still run)`;
  return { ...base, status: "found", version: tool.version, detail: `${tool.path}; ${dbText}` };
}

/** Optional: used only when SNYK_TOKEN is set. The token's value is never read out. */
export async function snykCheck(c: CheckEnv): Promise<ComponentCheck> {
  const tool = await findTool("snyk", { env: c.env, timeoutMs: 30_000 }).catch(() => undefined);
  const token = Boolean(c.env.SNYK_TOKEN);
  const base = { id: "snyk" as const, name: "Snyk CLI + SNYK_TOKEN" };
  if (tool && token) return { ...base, status: "found", version: tool.version, detail: `${tool.path}; SNYK_TOKEN is set` };
  if (!tool && token) return { ...base, status: "missing", detail: "SNYK_TOKEN is set but the snyk CLI is not installed", fix: "npm install -g snyk" };
  const what = tool ? `snyk ${tool.version} found, SNYK_TOKEN not set` : "snyk CLI not installed, SNYK_TOKEN not set";
  return { ...base, status: "not-configured", version: tool?.version, detail: `optional, not configured (${what})`, fix: tool ? "export SNYK_TOKEN=<your token>" : "npm install -g snyk && export SNYK_TOKEN=<your token>" };
}

/** First line of `runsc --version` minus the prefix ("0.0~20221219.0"): Debian's version is not semver. */
async function runscVersion(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const path = findToolPath("runsc", { ...env, PATH: `${env.PATH ?? ""}:/usr/bin:/usr/sbin` });
  if (!path) return undefined;
  const r = await execa(path, ["--version"], { reject: false, timeout: 10_000, stdin: "ignore" });
  return r.stdout.split("\n")[0]?.replace(/^runsc version\s*/, "").trim() || undefined;
}

function withTimeout<T>(p: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InternalError("TOOL_FAILED", message)), PROBE_TIMEOUT_MS);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
