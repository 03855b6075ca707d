import type Docker from "dockerode";
import { classifyDockerError } from "../../sandbox/errors.js";
import { OWNER_LABEL, ownerLabelValue } from "../../sandbox/owner.js";
import { BUILD_ID_LABEL, BUILD_LABEL, BUILD_LABEL_VALUE } from "./dockerfile.js";
import type { BuildEnd, BuildLimits } from "./docker-build.js";

export interface StepSpec {
  label: string;
  argv: string[];
}

export interface StepRunInput {
  /** The prepared image (skill copied in, no skill code run yet). */
  image: string;
  steps: readonly StepSpec[];
  tag: string;
  buildId: string;
  uid: number;
  stepTimeoutSec: number;
  /** OCI runtime of every step: gVisor by default (SKILLSIGN_BUILD_RUNTIME). */
  runtime: string;
  limits: BuildLimits;
  signal: AbortSignal;
}

/** The step runner's result: BuildEnd plus the runtime each step's container really had. */
export type StepRunEnd = BuildEnd & { runtimes: string[]; stepAt: Map<number, string> };

const CPU_PERIOD = 100_000;
const MAX_LOG = 64 * 1024;
/**
 * Label on the committed skill image: the runtime(s) its install steps really ran under, so a
 * later build that finds the image cached still reports (and attests) them.
 */
export const INSTALL_RUNTIME_LABEL = "dev.skillsign.install-runtime";

/**
 * Runs each install step in its own container under `runtime` (runsc): `docker run` with network
 * none, no capabilities, no-new-privileges, a pids limit, memory/CPU limits, as the unprivileged
 * user; on success the container is committed and the next step starts from that image. The
 * legacy build API cannot choose a runtime, so skill code never runs in `docker build` itself.
 * The log mimics the builder's ("Step N/M : <label>") so failures are classified the same way.
 */
export async function runStepsInSandbox(docker: Docker, input: StepRunInput): Promise<StepRunEnd> {
  const prep = await docker.getImage(input.image).inspect();
  const keep = prep.Config;
  const stepAt = new Map<number, string>();
  const runtimes: string[] = [];
  let log = "";
  let current = input.image;
  const deadline = Date.now() + input.limits.timeoutMs;
  for (const [i, step] of input.steps.entries()) {
    const n = i + 1;
    stepAt.set(n, step.label);
    log += `Step ${n}/${input.steps.length} : RUN ${step.label}\n`;
    const container = await create(docker, input, current, step).catch((err: unknown) => {
      throw classifyDockerError(err, "create an install-step container");
    });
    try {
      runtimes.push((await container.inspect()).HostConfig.Runtime ?? "");
      await container.start();
      const outcome = await waitUntil(container, deadline, input.signal);
      log = tail(log + (await output(container)));
      if (outcome === "timeout" || outcome === "aborted") return { kind: outcome, log, runtimes, stepAt };
      if (outcome !== 0) {
        return { kind: "failed", log, error: `The command '${step.argv.join(" ")}' returned a non-zero code: ${outcome}`, runtimes, stepAt };
      }
      const last = n === input.steps.length;
      const [repo, tag] = last ? splitTag(input.tag) : [undefined, undefined];
      // The body is the new image's config: the prepared image's (CMD, USER, ENV...), not the step's command.
      const labels = last ? { ...keep.Labels, [INSTALL_RUNTIME_LABEL]: [...new Set(runtimes)].join(",") } : keep.Labels;
      const body = { Cmd: keep.Cmd, Entrypoint: keep.Entrypoint, User: keep.User, WorkingDir: keep.WorkingDir, Env: keep.Env, Labels: labels };
      const committed = (await container.commit({ ...(repo ? { repo, tag } : {}), _body: body } as object)) as { Id: string };
      current = committed.Id;
    } finally {
      await container.remove({ force: true, v: true }).catch(() => undefined);
    }
  }
  return { kind: "built", log, runtimes, stepAt };
}

function create(docker: Docker, input: StepRunInput, image: string, step: StepSpec): Promise<Docker.Container> {
  const { limits } = input;
  return docker.createContainer({
    Image: image,
    Cmd: ["timeout", "-k", "5", String(input.stepTimeoutSec), ...step.argv],
    User: `${input.uid}:${input.uid}`,
    WorkingDir: "/skill",
    NetworkDisabled: true,
    Labels: { [BUILD_LABEL]: BUILD_LABEL_VALUE, [BUILD_ID_LABEL]: input.buildId, [OWNER_LABEL]: ownerLabelValue() },
    HostConfig: {
      Runtime: input.runtime,
      NetworkMode: "none",
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      CpuQuota: limits.cpuQuota,
      CpuPeriod: CPU_PERIOD,
      PidsLimit: limits.nproc,
      Ulimits: [{ Name: "nproc", Soft: limits.nproc, Hard: limits.nproc }],
      ShmSize: limits.shmBytes,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
    },
  });
}

/** Exit code, or "timeout"/"aborted" (the container is killed; the caller sweeps). */
async function waitUntil(container: Docker.Container, deadline: number, signal: AbortSignal): Promise<number | "timeout" | "aborted"> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<"timeout" | "aborted">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), Math.max(0, deadline - Date.now()));
    onAbort = () => resolve("aborted");
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
  });
  const waited = container.wait().then((r: { StatusCode: number }) => r.StatusCode);
  const end = await Promise.race([waited, stop]);
  clearTimeout(timer);
  if (onAbort) signal.removeEventListener("abort", onAbort);
  if (typeof end !== "number") await container.kill().catch(() => undefined);
  return end;
}

/** stdout+stderr of a stopped container, demultiplexed (8-byte frame headers, no TTY). */
async function output(container: Docker.Container): Promise<string> {
  const raw = (await container.logs({ stdout: true, stderr: true, follow: false }).catch(() => Buffer.alloc(0))) as unknown as Buffer;
  const parts: Buffer[] = [];
  for (let at = 0; at + 8 <= raw.length; ) {
    const size = raw.readUInt32BE(at + 4);
    parts.push(raw.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString("utf8");
}

function tail(s: string): string {
  return s.length > MAX_LOG ? s.slice(-MAX_LOG) : s;
}

function splitTag(ref: string): [string, string] {
  const at = ref.lastIndexOf(":");
  return at > ref.lastIndexOf("/") ? [ref.slice(0, at), ref.slice(at + 1)] : [ref, "latest"];
}
