import type Docker from "dockerode";
import { classifyDockerError } from "../../sandbox/errors.js";
import { OWNER_LABEL, ownerLabelValue } from "../../sandbox/owner.js";
import { BUILD_ID_LABEL, BUILD_LABEL, BUILD_LABEL_VALUE } from "./dockerfile.js";
import type { BuildContext } from "./context.js";

export interface BuildLimits {
  memoryBytes: number;
  /** CPU time per 100 ms period, in µs (100_000 = one CPU). */
  cpuQuota: number;
  timeoutMs: number;
  nproc: number;
  shmBytes: number;
}

export type BuildEnd =
  | { kind: "built"; log: string }
  | { kind: "failed"; log: string; error: string }
  | { kind: "timeout"; log: string }
  | { kind: "aborted"; log: string };

const MAX_LOG = 64 * 1024;
const CPU_PERIOD = 100_000;

/**
 * One `docker build` through dockerode with network mode none and resource limits. On timeout
 * or abort the request is cut (the engine cancels the build) and every container and dangling
 * image carrying this build's id label is removed.
 */
export async function dockerBuild(
  docker: Docker,
  ctx: BuildContext,
  tag: string,
  buildId: string,
  limits: BuildLimits,
  signal: AbortSignal,
): Promise<BuildEnd> {
  const cut = new AbortController();
  const log = new TailLog(MAX_LOG);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage(
      { context: ctx.dir, src: ctx.entries },
      {
        t: tag,
        networkmode: "none",
        memory: limits.memoryBytes,
        memswap: limits.memoryBytes,
        cpuquota: limits.cpuQuota,
        cpuperiod: CPU_PERIOD,
        shmsize: limits.shmBytes,
        // The only process-count limit the legacy build API takes (no pids-limit): per uid, and
        // install steps run as the unprivileged base user. Query params: the array goes as JSON.
        ulimits: JSON.stringify([{ Name: "nproc", Soft: limits.nproc, Hard: limits.nproc }]),
        rm: true,
        forcerm: true,
        pull: false,
        labels: { [BUILD_LABEL]: BUILD_LABEL_VALUE, [BUILD_ID_LABEL]: buildId, [OWNER_LABEL]: ownerLabelValue() },
        abortSignal: cut.signal,
      } as Docker.ImageBuildOptions,
    );
  } catch (err) {
    throw classifyDockerError(err, "start an image build");
  }
  const finished = new Promise<BuildEnd>((resolve) => {
    let error: string | undefined;
    docker.modem.followProgress(
      stream,
      (err: Error | null) => {
        if (err) error ??= err.message;
        resolve(error ? { kind: "failed", log: log.text(), error } : { kind: "built", log: log.text() });
      },
      (event: { stream?: string; error?: string; errorDetail?: { message?: string } }) => {
        if (event.stream) log.add(event.stream);
        if (event.error) {
          error = event.errorDetail?.message ?? event.error;
          log.add(`${error}\n`);
        }
      },
    );
  });
  let timer: NodeJS.Timeout | undefined;
  const stopped = new Promise<BuildEnd>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "timeout", log: log.text() }), limits.timeoutMs);
    const onAbort = () => resolve({ kind: "aborted", log: log.text() });
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
  });
  const end = await Promise.race([finished, stopped]);
  clearTimeout(timer);
  if (end.kind === "timeout" || end.kind === "aborted") {
    cut.abort();
    (stream as unknown as { destroy?: () => void }).destroy?.();
    await sweepBuild(docker, buildId);
  } else if (end.kind === "failed") {
    // The last step that succeeded left an untagged image nothing refers to.
    await sweepBuild(docker, buildId, 2_000);
  }
  return end;
}

/**
 * Removes what an interrupted or failed build left: its containers and every image carrying its
 * build id (intermediate layers, and a final tag the engine may still commit after the cut).
 * The engine can still be finishing a step when the request is cut: sweep until quiet twice.
 */
export async function sweepBuild(docker: Docker, buildId: string, graceMs = 15_000): Promise<void> {
  const filters = JSON.stringify({ label: [`${BUILD_ID_LABEL}=${buildId}`] });
  const deadline = Date.now() + graceMs;
  let quiet = 0;
  do {
    const containers = await docker.listContainers({ all: true, filters }).catch(() => []);
    for (const c of containers) await docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined);
    // Newest first, so children go before the layers they are built on.
    const images = (await docker.listImages({ all: true, filters }).catch(() => [])).sort((a, b) => b.Created - a.Created);
    for (const img of images) await docker.getImage(img.Id).remove({ force: true, noprune: false }).catch(() => undefined);
    quiet = containers.length === 0 && images.length === 0 ? quiet + 1 : 0;
    if (quiet < 2) await new Promise((r) => setTimeout(r, 500));
  } while (quiet < 2 && Date.now() < deadline);
}

/** Keeps the last `max` characters of the build output. */
class TailLog {
  private buf = "";
  constructor(private readonly max: number) {}
  add(s: string): void {
    this.buf += s;
    if (this.buf.length > this.max * 2) this.buf = this.buf.slice(-this.max);
  }
  text(): string {
    return this.buf.slice(-this.max);
  }
}
