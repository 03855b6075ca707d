import { Writable } from "node:stream";
import type Docker from "dockerode";
import { dockerClient } from "./client.js";
import { classifyDockerError } from "./errors.js";
import { OWNER_LABEL, ownerLabelValue } from "./owner.js";
import type { ContainerEnd, ContainerRunResult, RunContainerOptions } from "./run.types.js";

const DEFAULT_MAX_OUTPUT = 256 * 1024;
/** After the process ends, how long to wait for the attach stream to drain. */
const DRAIN_MS = 2_000;

/**
 * Creates, starts and waits for one container, then ALWAYS removes it: on normal exit,
 * timeout, abort, kill from a watchdog, or any error in between.
 */
export async function runContainer(opts: RunContainerOptions): Promise<ContainerRunResult> {
  const docker = opts.docker ?? dockerClient();
  const started = Date.now();
  let container: Docker.Container;
  try {
    container = await docker.createContainer(createOptions(opts));
  } catch (err) {
    throw classifyDockerError(err, `create a container from ${opts.image}`);
  }
  const out = new Capture(opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT);
  const errOut = new Capture(opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT);
  let stopWatch: (() => void) | void = undefined;
  try {
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const drained = new Promise<void>((resolve) => {
      stream.on("end", resolve);
      stream.on("close", resolve);
      stream.on("error", () => resolve());
    });
    container.modem.demuxStream(stream, out.sink((c) => opts.onOutput?.("stdout", c)), errOut.sink((c) => opts.onOutput?.("stderr", c)));
    let resolveEnd!: (e: ContainerEnd) => void;
    const ended = new Promise<ContainerEnd>((r) => (resolveEnd = r));
    const timer = setTimeout(() => resolveEnd({ kind: "timeout" }), opts.timeoutMs);
    const onAbort = () => resolveEnd({ kind: "aborted" });
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      await container.start().catch((err: unknown) => {
        throw classifyDockerError(err, `start a container from ${opts.image}`);
      });
      stopWatch = opts.onStarted?.(container.id, (reason) => resolveEnd({ kind: "killed", reason }));
      container.wait().then(
        async (w: { StatusCode: number }) => resolveEnd({ kind: "exited", exitCode: w.StatusCode, oomKilled: await oomKilled(container) }),
        (err: unknown) => resolveEnd({ kind: "killed", reason: `wait failed: ${String(err)}` }),
      );
      const end = await ended;
      if (end.kind !== "exited") await container.kill({ signal: "SIGKILL" }).catch(() => undefined);
      await Promise.race([drained, sleep(DRAIN_MS)]);
      return {
        containerId: container.id,
        end,
        stdout: out.text(),
        stderr: errOut.text(),
        truncated: out.truncated || errOut.truncated,
        durationMs: Date.now() - started,
      };
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
    }
  } finally {
    if (typeof stopWatch === "function") stopWatch();
    await removeContainer(container);
  }
}

function createOptions(opts: RunContainerOptions): Docker.ContainerCreateOptions {
  const l = opts.limits ?? {};
  const ulimits = [
    ...(l.nproc ? [{ Name: "nproc", Soft: l.nproc, Hard: l.nproc }] : []),
    ...(l.nofile ? [{ Name: "nofile", Soft: l.nofile, Hard: l.nofile }] : []),
  ];
  return {
    Image: opts.image,
    Cmd: opts.cmd,
    Env: Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${v}`),
    User: opts.user,
    WorkingDir: opts.workingDir,
    Hostname: opts.hostname,
    // Every container names its owner process: the next run removes it at once if this one is SIGKILLed.
    Labels: { ...opts.labels, [OWNER_LABEL]: ownerLabelValue() },
    AttachStdout: true,
    AttachStderr: true,
    AttachStdin: false,
    OpenStdin: false,
    Tty: false,
    HostConfig: {
      Runtime: opts.runtime,
      NetworkMode: opts.networkMode ?? "none",
      Dns: opts.dns,
      CapDrop: ["ALL"],
      CapAdd: opts.capAdd?.length ? opts.capAdd : undefined,
      SecurityOpt: ["no-new-privileges"],
      ReadonlyRootfs: opts.readOnlyRootfs ?? true,
      Binds: (opts.binds ?? []).map((b) => `${b.hostPath}:${b.containerPath}:${b.readOnly ? "ro" : "rw"}`),
      Tmpfs: opts.tmpfs,
      Memory: l.memoryBytes,
      MemorySwap: l.memoryBytes,
      NanoCpus: l.nanoCpus,
      PidsLimit: l.pidsLimit,
      Ulimits: ulimits.length ? ulimits : undefined,
      AutoRemove: false,
      LogConfig: { Type: "json-file", Config: { "max-size": "1m", "max-file": "1" } },
    },
  };
}

async function oomKilled(container: Docker.Container): Promise<boolean> {
  try {
    const info = await container.inspect();
    return Boolean(info.State?.OOMKilled);
  } catch {
    return false;
  }
}

/** Force-removes the container and its anonymous volumes; a container already gone is fine. */
export async function removeContainer(container: Docker.Container): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await container.remove({ force: true, v: true });
      return;
    } catch (err) {
      const e = err as { statusCode?: number; message?: string };
      if (e.statusCode === 404) return;
      // 409 "removal already in progress": wait for the engine to finish it.
      await sleep(200 * (attempt + 1));
    }
  }
}

class Capture {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly max: number) {}
  sink(tap?: (chunk: Buffer) => void): Writable {
    return new Writable({
      write: (chunk: Buffer, _enc, done) => {
        tap?.(chunk);
        const room = this.max - this.size;
        if (room > 0) {
          this.chunks.push(chunk.subarray(0, room));
          this.size += Math.min(room, chunk.length);
        }
        if (chunk.length > room) this.truncated = true;
        done();
      },
    });
  }
  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref?.());
}
