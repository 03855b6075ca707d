import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { StageResult } from "../../src/findings.types.js";
import type { StageId } from "../../src/stage-ids.js";
import { behaviorStage } from "../../src/stages/behavior/index.js";
import { buildStage } from "../../src/stages/image-build/index.js";
import { fixture, makeContext } from "../helpers/stage-context.js";
import { SKIP_SANDBOX } from "../sandbox/engine.js";

// A hostile npm postinstall (reads ~/.aws/credentials, posts it to a .invalid host): the build runs
// it inside gVisor with no network; the behaviour stage, on the built image, sees what it does.
const images: string[] = [];
afterAll(() => {
  for (const tag of images) spawnSync("docker", ["rmi", "-f", tag], { stdio: "ignore" });
});
const env = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME, ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}) });

describe.skipIf(SKIP_SANDBOX)("build + behaviour: a postinstall that reaches for credentials and the network", () => {
  it("runs under runsc at build time, and the behaviour stage reports the canary read and the network attempt", async () => {
    const home = mkdtempSync(join(tmpdir(), "skillsign-postinstall-home-"));
    const ctx = await makeContext(fixture("build-npm-postinstall"), { home, processEnv: env(), stageTimeoutMs: 300_000 });
    const started = Date.now();
    const built = await buildStage.run(ctx);
    const buildMs = Date.now() - started;
    if (typeof built.data?.imageTag === "string") images.push(built.data.imageTag);
    expect(built.status, JSON.stringify(built.findings)).toBe("passed");
    expect(built.data?.installRuntime).toBe("runsc");
    // What the postinstall itself recorded about its kernel: gVisor's, not the host's.
    const kernel = spawnSync("docker", ["run", "--rm", "--network", "none", built.data!.imageTag as string, "cat", "/skill/.install-kernel"], { encoding: "utf8" });
    expect(kernel.stdout).toContain("Starting gVisor");

    const results = new Map<StageId, StageResult>([["build", { ...built, stageId: "build", stageVersion: buildStage.version, durationMs: buildMs }]]);
    const behaved = await behaviorStage.run(await makeContext(fixture("build-npm-postinstall"), { home, results, processEnv: env(), stageTimeoutMs: 300_000 }));
    const seen = behaved.findings.map((f) => `${f.ruleId}: ${f.message}`);
    expect(seen.join("\n")).toMatch(/behavior\.canary-read: node opened the planted credential file ~\/\.aws\/credentials/);
    expect(seen.join("\n")).toMatch(/behavior\.network-attempt: node sent POST http:\/\/collect\.exfil\.invalid\/c/);
    expect(seen.join("\n")).toMatch(/behavior\.canary-exfil: node sent planted AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY to collect\.exfil\.invalid/);
  }, 600_000);
});
