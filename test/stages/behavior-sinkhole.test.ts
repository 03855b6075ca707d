import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import type { StageOutcome } from "../../src/findings.types.js";
import { severityRank } from "../../src/findings.js";
import { behaviorStage } from "../../src/stages/behavior/index.js";
import { fixture, makeContext } from "../helpers/stage-context.js";
import { containersWithLabel, SKIP_SANDBOX } from "../sandbox/engine.js";

/**
 * The detonation chamber (issue 10 items 1-4, issue 16 network judgement): real runsc, the real
 * sinkhole init, real curl/urllib/tar clients. Every target is .invalid and answered in the sandbox.
 */
function env(): NodeJS.ProcessEnv {
  const pass = ["DOCKER_HOST", "SKILLSIGN_BEHAVIOR_IMAGE", "PATH"] as const;
  // A loaded CI machine can take more than the default 10 s per command under gVisor.
  return { ...Object.fromEntries(pass.filter((k) => process.env[k]).map((k) => [k, process.env[k]])), SKILLSIGN_BEHAVIOR_COMMAND_TIMEOUT_MS: "30000" };
}

async function run(name: string): Promise<StageOutcome> {
  const ctx = await makeContext(fixture(name), { processEnv: env(), stageTimeoutMs: 180_000 });
  const before = workspaces();
  const out = await behaviorStage.run(ctx);
  // Nothing left: no container of the run, no new workspace (bait, evidence, CA key) on disk.
  expect(containersWithLabel(`org.skillsign.run=${out.data?.runId as string}`)).toEqual([]);
  expect(workspaces().filter((w) => !before.includes(w) && w.includes(String(out.data?.runId)))).toEqual([]);
  return out;
}

const workspaces = () => (existsSync(tmpdir()) ? readdirSync(tmpdir()).filter((n) => n.startsWith("skillsign-behavior-")) : []);
const text = (o: StageOutcome) => o.findings.map((f) => `${f.ruleId} ${f.severity}: ${f.message} | ${f.evidence ?? ""}`).join("\n");
const rule = (o: StageOutcome, id: string) => o.findings.filter((f) => f.ruleId === id);
const PLANTED = /AKIA[A-Z2-7]{16}|ghp_[A-Za-z0-9]{36}|sk-proj-[\w-]{64}|sk-ant-api03-|npm_[A-Za-z0-9]{36}/;

describe.skipIf(SKIP_SANDBOX)("behavior: network sinkhole (real runsc)", () => {
  it("a split curl -o x; sh x dropper: the host, the URL and downloaded-code-executed", async () => {
    const out = await run("behavior-net-dropper");
    const t = text(out);
    expect(out.status, t).toBe("findings");
    const exec = rule(out, "behavior.downloaded-code-executed");
    expect(exec.length, t).toBe(1);
    expect(exec[0]!.severity).toBe("critical");
    expect(exec[0]!.message).toContain("http://cdn.dropper.invalid/stage2.sh");
    expect(rule(out, "behavior.network-attempt").some((f) => f.severity === "high" && /curl sent GET http:\/\/cdn\.dropper\.invalid\/stage2\.sh/.test(f.message)), t).toBe(true);
    const observed = out.data?.observed as { hosts: string[]; urls: string[] };
    expect(observed.hosts).toContain("cdn.dropper.invalid");
    expect(observed.urls).toContain("http://cdn.dropper.invalid/stage2.sh");
    expect(observed.hosts.some((h) => h.includes("update-check"))).toBe(false); // our own beacon is not the skill's
  }, 150_000);

  it("canary credentials POSTed over HTTPS (base64 in JSON): canary-exfil naming the host", async () => {
    const out = await run("behavior-net-https-post");
    const exfil = rule(out, "behavior.canary-exfil").filter((f) => f.message.includes("collector.exfil.invalid"));
    expect(exfil.length, text(out)).toBeGreaterThan(0);
    expect(exfil[0]!.severity).toBe("critical");
    expect(exfil[0]!.message).toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
    expect(exfil[0]!.message).toContain("TLS");
    expect(text(out)).toContain("https://collector.exfil.invalid/api/v1/telemetry");
    expect(JSON.stringify(out)).not.toMatch(PLANTED);
  }, 150_000);

  it("canary credentials PUT as a gzip'd tarball: canary-exfil naming the host", async () => {
    const out = await run("behavior-net-tar-put");
    const exfil = rule(out, "behavior.canary-exfil").filter((f) => f.message.includes("backup.exfil.invalid"));
    expect(exfil.length, text(out)).toBeGreaterThan(0);
    expect(text(out)).toMatch(/PUT https:\/\/backup\.exfil\.invalid\/upload\/dotfiles\.tgz/);
    expect(JSON.stringify(out)).not.toMatch(PLANTED);
  }, 150_000);

  it("a secret split hex-encoded across DNS labels: canary-exfil naming the domain", async () => {
    const out = await run("behavior-net-dns-labels");
    const exfil = rule(out, "behavior.canary-exfil").filter((f) => /exfil\.invalid inside DNS query names/.test(f.message));
    expect(exfil.length, text(out)).toBe(1);
    expect(exfil[0]!.message).toContain("AWS_SECRET_ACCESS_KEY");
    expect(JSON.stringify(out)).not.toMatch(PLANTED);
  }, 150_000);

  it("a declared API client calling its declared host: nothing above low", async () => {
    const out = await run("behavior-net-api-client");
    const t = text(out);
    expect(out.findings.every((f) => severityRank(f.severity) <= severityRank("low")), t).toBe(true);
    expect(t).toMatch(/GET https:\/\/api\.forecast\.invalid\/v1\/forecast\?city=Berlin \(the skill declares this host\)/);
  }, 150_000);

  it("a skill that never touches the network: no network finding", async () => {
    const out = await run("behavior-net-offline");
    expect(out.status, `${out.reason ?? ""}\n${text(out)}`).not.toBe("error");
    expect(out.findings.filter((f) => f.ruleId.startsWith("behavior.network") || f.ruleId === "behavior.canary-exfil"), text(out)).toEqual([]);
    expect((out.data?.observed as { hosts: string[] }).hosts).toEqual([]);
  }, 150_000);
});

describe.skipIf(SKIP_SANDBOX)("behavior: detached children (real runsc)", () => {
  it("a double-forked child that outlives the command: its late lookup is seen, it is reported and killed", async () => {
    const t0 = Date.now();
    const out = await run("behavior-detached-child");
    const t = text(out);
    expect(t).toMatch(/network-attempt low: .*looked up late\.exfil\.invalid/);
    expect(rule(out, "behavior.detached-process").some((f) => f.severity === "medium"), t).toBe(true); // not approved: it daemonised itself
    expect(rule(out, "behavior.detached-process").map((f) => f.message).join("\n"), t).toMatch(/past the grace period: python3\[\d+\] \(killed\)/);
    expect(Date.now() - t0).toBeLessThan(30_000); // the 30 s sleep was cut at the grace, not waited for
  }, 150_000);
});

describe.skipIf(SKIP_SANDBOX)("behavior: the chamber's own secrets (real runsc)", () => {
  it("the guest user cannot read the CA key or the evidence, write evidence or the bundle, and has no capabilities", async () => {
    const out = await run("behavior-net-peek");
    const commands = out.data?.commands as Array<{ outcome: string }>;
    expect(commands.map((c) => c.outcome), text(out)).toEqual(["exit 0"]);
  }, 150_000);
});
