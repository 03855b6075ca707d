import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dockerClient, probeEngine } from "../../src/sandbox/client.js";
import { DockerUnavailableError } from "../../src/sandbox/errors.js";
import { ensureImage } from "../../src/sandbox/image.js";
import { runContainer } from "../../src/sandbox/run-container.js";
import { removeStaleContainers } from "../../src/sandbox/stale.js";
import { BASE_IMAGE, SKIP_SANDBOX, containersWithLabel } from "./engine.js";

const label = () => `org.skillsign.test=${randomBytes(6).toString("hex")}`;
const labels = (l: string) => Object.fromEntries([l.split("=")]) as Record<string, string>;

describe("sandbox errors without an engine", () => {
  it("reports an unreachable engine with a code, not a stack", async () => {
    const docker = dockerClient({ DOCKER_HOST: "unix:///nonexistent/docker.sock" });
    await expect(probeEngine(docker)).rejects.toMatchObject({ name: "DockerUnavailableError", code: "ENGINE_UNREACHABLE" });
    await expect(ensureImage("skillsign/base:latest", docker)).rejects.toBeInstanceOf(DockerUnavailableError);
  });
});

describe.skipIf(SKIP_SANDBOX)("runContainer on the real engine (gVisor)", () => {
  it("runs a command under runsc as uid 1000 with no network and captures output and exit code", async () => {
    const l = label();
    const r = await runContainer({
      image: BASE_IMAGE,
      runtime: "runsc",
      cmd: ["sh", "-c", "id -u; cat /etc/resolv.conf | grep -c 127.0.0.1; echo oops >&2; exit 7"],
      user: "1000:1000",
      dns: ["127.0.0.1"],
      labels: labels(l),
      limits: { memoryBytes: 128 * 1024 * 1024, nproc: 32 },
      timeoutMs: 30_000,
    });
    expect(r.end).toEqual({ kind: "exited", exitCode: 7, oomKilled: false });
    expect(r.stdout).toBe("1000\n1\n");
    expect(r.stderr).toBe("oops\n");
    expect(containersWithLabel(l)).toEqual([]);
  });

  it("has no route out and a read-only root", async () => {
    const r = await runContainer({
      image: BASE_IMAGE,
      runtime: "runsc",
      cmd: ["sh", "-c", "python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", 9), 2)' 2>&1 | tail -1; touch /x 2>&1 || echo ro"],
      user: "1000:1000",
      labels: labels(label()),
      timeoutMs: 30_000,
    });
    expect(r.stdout).toContain("Connection refused");
    expect(r.stdout).toContain("ro");
  });

  it("kills and removes the container when the timeout fires", async () => {
    const l = label();
    const started = Date.now();
    const r = await runContainer({ image: BASE_IMAGE, runtime: "runsc", cmd: ["sh", "-c", "sleep 60"], labels: labels(l), timeoutMs: 1_500 });
    expect(r.end).toEqual({ kind: "timeout" });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(containersWithLabel(l)).toEqual([]);
  });

  it("kills and removes the container when aborted", async () => {
    const l = label();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 1_000);
    const r = await runContainer({ image: BASE_IMAGE, runtime: "runsc", cmd: ["sh", "-c", "sleep 60"], labels: labels(l), timeoutMs: 60_000, signal: ac.signal });
    expect(r.end).toEqual({ kind: "aborted" });
    expect(containersWithLabel(l)).toEqual([]);
  });

  it("enforces the memory limit (the sandbox is killed, OOMKilled)", async () => {
    const r = await runContainer({
      image: BASE_IMAGE,
      runtime: "runsc",
      cmd: ["sh", "-c", "python3 -c 'x=[bytearray(32<<20) for _ in range(64)]'"],
      labels: labels(label()),
      limits: { memoryBytes: 128 * 1024 * 1024 },
      timeoutMs: 30_000,
    });
    expect(r.end).toMatchObject({ kind: "exited", exitCode: 137 });
  });

  it("sweeps leftover containers by label and age, and only those", async () => {
    const docker = dockerClient();
    const l = label();
    const other = label();
    await docker.createContainer({ Image: BASE_IMAGE, Cmd: ["true"], Labels: labels(l) });
    await docker.createContainer({ Image: BASE_IMAGE, Cmd: ["true"], Labels: labels(other) });
    expect(await removeStaleContainers(docker, l, 60 * 60_000)).toBe(0); // too young
    expect(containersWithLabel(l)).toHaveLength(1);
    expect(await removeStaleContainers(docker, l, 0)).toBe(1);
    expect(containersWithLabel(l)).toEqual([]);
    expect(containersWithLabel(other)).toHaveLength(1);
    expect(await removeStaleContainers(docker, other, 0)).toBe(1);
  });

  it("codes a missing image and a missing runtime", async () => {
    await expect(ensureImage("skillsign/does-not-exist:nope")).rejects.toMatchObject({ code: "IMAGE_MISSING" });
    await expect(probeEngine(dockerClient(), ["runsc-does-not-exist"])).rejects.toMatchObject({ code: "RUNTIME_MISSING" });
    await expect(runContainer({ image: BASE_IMAGE, runtime: "runsc-does-not-exist", cmd: ["true"], labels: labels(label()), timeoutMs: 10_000 })).rejects.toMatchObject({
      code: "RUNTIME_MISSING",
    });
  });
});
