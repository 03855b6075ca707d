import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dockerClient } from "../../src/sandbox/client.js";
import { OWNER_LABEL, ownerLabelValue, pidIsDead } from "../../src/sandbox/owner.js";
import { sweepLeftovers } from "../../src/sandbox/sweep.js";
import { BASE_IMAGE, SKIP_SANDBOX } from "./engine.js";

const RUNSC_LOGS = "/var/log/skillsign-runsc";

/** A pid that existed and is gone now. */
async function deadPid(): Promise<number> {
  const c = spawn("true");
  await new Promise((r) => c.on("exit", r));
  return c.pid!;
}

function createContainer(owner: string): string {
  const r = spawnSync("docker", ["create", "--label", `${OWNER_LABEL}=${owner}`, "--network", "none", BASE_IMAGE, "sleep", "30"], { encoding: "utf8" });
  return r.stdout.trim();
}
const exists = (id: string) => spawnSync("docker", ["inspect", id], { stdio: "ignore" }).status === 0;

describe("sweep: owner liveness", () => {
  it("knows a finished process is dead and this one alive", async () => {
    expect(pidIsDead(await deadPid())).toBe(true);
    expect(pidIsDead(process.pid)).toBe(false);
    // A live pid that started after the dir was made is a reused pid: dead owner.
    expect(pidIsDead(process.ppid, Date.now() - 365 * 86_400_000)).toBe(true);
    expect(pidIsDead(process.ppid, Date.now())).toBe(false);
  });
});

describe.skipIf(SKIP_SANDBOX)("sweep: leftovers of dead processes only", () => {
  it("removes a dead owner's container, temp dirs and orphan runsc logs; keeps a live owner's", async () => {
    const dead = await deadPid();
    const tmp = mkdtempSync(join(tmpdir(), "skillsign-sweeptest-"));
    const deadDirs = ["skillsign-behavior-", "skillsign-build-", "skillsign-trivy-", "skillsign-scan-"].map((p) => join(tmp, `${p}${dead}-abc123`));
    const liveDirs = [join(tmp, `skillsign-behavior-${process.pid}-abc123`), join(tmp, "skillsign-build-Xy12ab")];
    for (const d of [...deadDirs, ...liveDirs]) mkdirSync(d);
    writeFileSync(join(deadDirs[0]!, "bait"), "canary");
    const deadOwner = ownerLabelValue().replace(/:\d+:(\d*)$/, `:${dead}:$1`);
    const deadC = createContainer(deadOwner);
    const liveC = createContainer(ownerLabelValue());
    // runsc logs: one of a vanished container, quiet for 2 min; one of a vanished container written just now
    // (its run may still be reading it); one of the live container.
    const ghost = randomBytes(32).toString("hex");
    mkdirSync(RUNSC_LOGS, { recursive: true });
    const oldLog = join(RUNSC_LOGS, `runsc.log.sweeptest-${ghost.slice(0, 8)}-old.txt`);
    const freshLog = join(RUNSC_LOGS, `runsc.log.sweeptest-${ghost.slice(0, 8)}-fresh.txt`);
    const liveLog = join(RUNSC_LOGS, `runsc.log.sweeptest-${ghost.slice(0, 8)}-live.txt`);
    writeFileSync(oldLog, `Args: [runsc create ${ghost}]\n`);
    writeFileSync(freshLog, `Args: [runsc create ${ghost}]\n`);
    const liveFull = spawnSync("docker", ["inspect", "-f", "{{.Id}}", liveC], { encoding: "utf8" }).stdout.trim();
    writeFileSync(liveLog, `Args: [runsc create ${liveFull}]\n`);
    const past = new Date(Date.now() - 120_000);
    utimesSync(oldLog, past, past);
    utimesSync(liveLog, past, past);
    try {
      const report = await sweepLeftovers(dockerClient(), { tmp });
      expect(exists(deadC)).toBe(false);
      expect(exists(liveC)).toBe(true);
      for (const d of deadDirs) expect(existsSync(d), d).toBe(false);
      for (const d of liveDirs) expect(existsSync(d), d).toBe(true);
      expect(existsSync(oldLog)).toBe(false);
      expect(existsSync(freshLog)).toBe(true);
      expect(existsSync(liveLog)).toBe(true);
      expect(report.containers).toBeGreaterThanOrEqual(1);
      expect(report.tempDirs).toBe(4);
    } finally {
      spawnSync("docker", ["rm", "-f", deadC, liveC], { stdio: "ignore" });
      spawnSync("rm", ["-f", oldLog, freshLog, liveLog]);
    }
  }, 120_000);
});
