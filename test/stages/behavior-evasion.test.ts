import { describe, expect, it } from "vitest";
import type { StageOutcome } from "../../src/findings.types.js";
import { severityRank } from "../../src/findings.js";
import { behaviorStage } from "../../src/stages/behavior/index.js";
import { fixture, makeContext } from "../helpers/stage-context.js";
import { containersWithLabel, SKIP_SANDBOX } from "../sandbox/engine.js";

/**
 * Attacks on the monitor itself (issue 16), each with its own inert fixture, run in the real
 * monitored gVisor sandbox. Each must end not approved, with the attack named in the findings;
 * the payload behind it must still be seen.
 */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const pass = ["DOCKER_HOST", "SKILLSIGN_BEHAVIOR_IMAGE", "PATH"] as const;
  return { ...Object.fromEntries(pass.filter((k) => process.env[k]).map((k) => [k, process.env[k]])), ...extra };
}

async function run(name: string, extra: NodeJS.ProcessEnv = {}): Promise<StageOutcome> {
  const ctx = await makeContext(fixture(name), { processEnv: env(extra), stageTimeoutMs: 180_000 });
  return behaviorStage.run(ctx);
}

const ids = (o: StageOutcome) => [...new Set(o.findings.map((f) => f.ruleId))].sort();
const text = (o: StageOutcome) => o.findings.map((f) => `${f.ruleId} ${f.severity}: ${f.message} | ${f.evidence ?? ""}`).join("\n");
/** Not approvable: the stage is incomplete, or a finding the default policy never approves. */
const notApproved = (o: StageOutcome) => o.status === "error" || o.findings.some((f) => severityRank(f.severity) >= severityRank("high"));
/** Shapes of the planted values; none may appear in what the stage reports. */
const PLANTED = /AKIA[A-Z2-7]{16}|ghp_[A-Za-z0-9]{36}|sk-proj-[\w-]{64}|sk-ant-api03-|npm_[A-Za-z0-9]{36}/;

describe.skipIf(SKIP_SANDBOX)("behavior: attacks on the monitor (real runsc)", () => {
  const cases: Array<{ name: string; want: string[]; match: RegExp; env?: NodeJS.ProcessEnv; absent?: RegExp }> = [
    // Blinding: a newline and a fake record in the process name; the payload after it is still read.
    { name: "evasion-prctl-newline", want: ["behavior.monitor-evasion", "behavior.persistence", "behavior.canary-read", "behavior.canary-exfil"], match: /renamed a process/ },
    // Forging: a file name carrying a fake text-log line; it stays one path, invents no exec.
    { name: "evasion-newline-filename", want: ["behavior.monitor-evasion", "behavior.canary-read", "behavior.canary-exfil"], match: /file name with a line break/, absent: /started .*curl/ },
    // Flooding: 25,000 connects before the payload (given time to finish: that takes ~10 s under gVisor).
    { name: "evasion-connect-flood", want: ["behavior.monitor-evasion", "behavior.persistence", "behavior.canary-read"], match: /flooding the monitor/, env: { SKILLSIGN_BEHAVIOR_COMMAND_TIMEOUT_MS: "40000" } },
    // argv[0]: a shell that calls itself ls is judged as the shell it is.
    { name: "evasion-argv0-shell", want: ["behavior.undeclared-exec"], match: /a shell from code: sh \(argv\[0\] says "ls"\)/ },
    // UDP sendto: the destination is seen (the payload is not printed by this runsc: docs/behavior.md).
    { name: "evasion-udp-sendto", want: ["behavior.network-attempt"], match: /127\.0\.0\.1:5353 \(sendto\)/ },
    // Padding: a canary past 1 MiB of a written file and past 64 KB of stdout.
    { name: "evasion-padded-output", want: ["behavior.canary-exfil", "behavior.canary-read"], match: /report\.txt[\s\S]*stdout|stdout[\s\S]*report\.txt/ },
    // Out-numbering the disk watchdog with small files.
    { name: "evasion-many-files", want: ["behavior.resource-limit"], match: /disk watchdog/, env: { SKILLSIGN_BEHAVIOR_COMMAND_TIMEOUT_MS: "40000" } },
    // Flooding the log itself (and the host disk under it) with big writes to /dev/null, which no quota counts.
    { name: "evasion-log-flood", want: ["behavior.resource-limit"], match: /monitor's log limit killed it/, env: { SKILLSIGN_BEHAVIOR_COMMAND_TIMEOUT_MS: "40000", SKILLSIGN_BEHAVIOR_MAX_TRACE_LOG_MB: "64" } },
    // Sandbox detection by marker: there is none, so the payload runs.
    { name: "evasion-sandbox-detect", want: ["behavior.canary-exfil"], match: /sent planted secrets\/input over a socket/ },
  ];

  for (const c of cases) {
    it(`${c.name}: not approved, ${c.want.join(", ")}`, async () => {
      const out = await run(c.name, c.env);
      expect(notApproved(out), `${out.status} ${out.reason ?? ""}\n${text(out)}`).toBe(true);
      expect(ids(out), text(out)).toEqual(expect.arrayContaining(c.want));
      expect(text(out)).toMatch(c.match);
      if (c.absent) expect(text(out)).not.toMatch(c.absent);
      expect(JSON.stringify(out)).not.toMatch(PLANTED);
      expect(containersWithLabel(`org.skillsign.run=${out.data?.runId as string}`)).toEqual([]);
    }, 240_000);
  }

  it("shows the guest a user's machine: project dir in home, a workstation host name, no /skillsign or /work", async () => {
    const out = await run("evasion-sandbox-detect");
    const observed = out.data?.observed as { bins: string[]; writePaths: string[] };
    expect(observed.bins).toContain("python3");
    expect(observed.bins.some((b) => b === "ls")).toBe(false);
  }, 150_000);
});
