import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { StageOutcome, StageResult } from "../../src/findings.types.js";
import type { StageId } from "../../src/stage-ids.js";
import { imageScanStage } from "../../src/stages/image-scan/index.js";
import { stopTrivyServer, trivyServer } from "../../src/stages/image-scan/server.js";
import { trivyArgs } from "../../src/stages/image-scan/trivy.js";
import { fixture, makeContext } from "../helpers/stage-context.js";
import { SKIP_SANDBOX } from "../sandbox/engine.js";

const TRIVY_UP = spawnSync("trivy", ["--version"], { stdio: "ignore" }).status === 0 || !!process.env.SKILLSIGN_REQUIRE_SANDBOX;
const image = process.env.SKILLSIGN_BEHAVIOR_IMAGE || "skillsign/base:latest";
const built = new Map<StageId, StageResult>([["build", { stageId: "build", stageVersion: "1", status: "passed", findings: [], durationMs: 0, data: { baseImage: image, installSteps: [], imageTag: image } }]]);

function env(cache: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const pass = ["DOCKER_HOST", "SKILLSIGN_TOOLS", "PATH", "HOME"] as const;
  return { ...Object.fromEntries(pass.filter((k) => process.env[k]).map((k) => [k, process.env[k]])), SKILLSIGN_TRIVY_CACHE_DIR: cache, ...extra };
}

async function scan(cache: string, extra?: NodeJS.ProcessEnv): Promise<StageOutcome> {
  const ctx = await makeContext(fixture("benign-minimal"), { processEnv: env(cache, extra), stageTimeoutMs: 240_000, results: built });
  return imageScanStage.run(ctx);
}

/** trivy server processes serving this cache dir. */
function servers(cache: string): number {
  const out = spawnSync("pgrep", ["-f", `^[^ ]*trivy server .*--cache-dir ${join(cache, "server", "cache")}`], { encoding: "utf8" }).stdout;
  return out.split("\n").filter(Boolean).length;
}

describe("trivy client/server arguments", () => {
  it("sends the scan to the server with its token; without one, no server flags", () => {
    const base = { cacheDir: "/c", target: { kind: "image" as const, imageTag: "x" }, vuln: false, timeoutMs: 60_000 };
    const args = trivyArgs({ ...base, server: { url: "http://127.0.0.1:4954", token: "t0k" } }, "/o.json");
    expect(args.join(" ")).toContain("--server http://127.0.0.1:4954 --token t0k");
    expect(trivyArgs(base, "/o.json")).not.toContain("--server");
  });

  it("uses a configured server as is, and none when set to off", async () => {
    expect(await trivyServer("trivy", "/nonexistent", { SKILLSIGN_TRIVY_SERVER: "http://10.0.0.9:4954/", SKILLSIGN_TRIVY_SERVER_TOKEN: "k" })).toEqual({ url: "http://10.0.0.9:4954", token: "k" });
    expect(await trivyServer("trivy", "/nonexistent", { SKILLSIGN_TRIVY_SERVER: "off" })).toBeUndefined();
  });
});

describe.skipIf(SKIP_SANDBOX || !TRIVY_UP)("image-scan through one shared trivy server", () => {
  const cache = mkdtempSync(join(tmpdir(), "skillsign-test-trivy-server-"));
  afterAll(() => stopTrivyServer(cache));

  it("6 concurrent image scans from a fresh cache start exactly one server and none fails on a cache lock", async () => {
    const started = Date.now();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => scan(cache)));
    const cold = Date.now() - started;
    expect(outcomes.filter((o) => o.status === "error").map((o) => o.reason)).toEqual([]);
    expect(outcomes.map((o) => o.data?.server)).toEqual(Array(6).fill("local"));
    expect(outcomes.map((o) => [o.data?.target, o.data?.cached])).toEqual(Array(6).fill(["image", false]));
    expect(servers(cache)).toBe(1);
    const state = JSON.parse(readFileSync(join(cache, "server", "state.json"), "utf8")) as { port: number; token: string };
    expect(state.token).toMatch(/^[0-9a-f]{48}$/);

    // A second batch (each scan has a fresh home, so no outcome-cache hits) reuses the same server.
    const warmStart = Date.now();
    const again = await Promise.all(Array.from({ length: 4 }, () => scan(cache)));
    const warm = Date.now() - warmStart;
    expect(again.filter((o) => o.status === "error").map((o) => o.reason)).toEqual([]);
    expect(servers(cache)).toBe(1);
    console.log(`trivy server: 6 concurrent cold image scans ${cold} ms, then 4 warm ${warm} ms`);
  }, 400_000);

  it("a stopped server is started again by the next scan", async () => {
    stopTrivyServer(cache);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(servers(cache)).toBe(0);
    const o = await scan(cache);
    expect(o.status, o.reason).not.toBe("error");
    expect(servers(cache)).toBe(1);
  }, 240_000);
});
