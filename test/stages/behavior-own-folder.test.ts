import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { analyse } from "../../src/stages/behavior/analyse.js";
import { toFindings } from "../../src/stages/behavior/findings.js";
import { behaviorStage } from "../../src/stages/behavior/index.js";
import type { AnalysisContext, CommandObservation } from "../../src/stages/behavior/observe.types.js";
import { isOwnHomeFolder } from "../../src/stages/behavior/own-folder.js";
import { parseSyscall } from "../../src/stages/behavior/strace-parse.js";
import type { TraceEvent } from "../../src/stages/behavior/trace.types.js";
import { makeContext } from "../helpers/stage-context.js";
import { SKIP_SANDBOX } from "../sandbox/engine.js";

// Issue 10: product-manager-skills' update check keeps its timestamp in ~/.product-manager-skills/
// and went to review for it (write-outside-workdir, medium), plus "mkdir wrote /home" (high) from
// `mkdir -p` probing parents that exist.
const HOME = "/home/skill";
const WORK = `${HOME}/projects/product-manager-skills`;
const CTX: AnalysisContext = { canaries: [], bait: [], guestWork: WORK, guestHome: HOME, memoryMb: 1024, declared: { network: [], bins: [], env: [], paths: [] } };

function run(events: TraceEvent[], command = "./bin/update-check"): CommandObservation {
  return { planned: { source: "script-no-args", command, origin: "bin/update-check" }, end: { kind: "exited", exitCode: 0, oomKilled: false }, stdout: "", stderr: "", events, forkFailures: 0, diskExceeded: false, changedFiles: [], timeoutMs: 10_000 };
}
const write = (path: string): TraceEvent => ({ kind: "open", pid: 3, comm: "bash", path, flags: "O_WRONLY|O_CREAT|O_TRUNC", write: true, ok: true });

describe("a tool's own home folder (own-folder.ts)", () => {
  it("is a folder named after the skill or the program the command runs, never agent config or credentials", () => {
    const own = (p: string, progs: string[] = [], dir = false) => isOwnHomeFolder(`${HOME}/${p}`, HOME, WORK, progs, dir);
    expect(own(".product-manager-skills/last-update-check")).toBe(true);
    expect(own(".product-manager-skills", [], true)).toBe(true);
    expect(own(".config/railway/config.json", ["railway"])).toBe(true);
    expect(own(".x11-cache/payload")).toBe(false); // a dropper's hidden staging folder
    expect(own(".claude/.env", ["claude"])).toBe(false);
    expect(own(".claude/skills/product-manager/SKILL.md")).toBe(false);
    expect(own(".ssh/product-manager")).toBe(false);
    expect(own(".local/bin/product-manager")).toBe(false); // on PATH: runs later
    expect(own(".config/autostart/product-manager.desktop")).toBe(false);
    expect(own(".product-manager-skills")).toBe(false); // a file right in home, not a folder
  });

  it("is low (inferred) when no paths are declared, medium when paths are declared or the folder is not the skill's", () => {
    const sev = (path: string, ctx = CTX) => toFindings(analyse([run([write(path)])], ctx)).map((f) => `${f.ruleId}:${f.severity}`);
    expect(sev(`${HOME}/.product-manager-skills/last-update-check`)).toEqual(["behavior.write-outside-workdir:low"]);
    expect(sev(`${HOME}/.x11-cache/payload`)).toEqual(["behavior.write-outside-workdir:medium"]);
    expect(sev(`${HOME}/.claude/.env`)).toEqual(["behavior.write-outside-workdir:medium"]);
    const declared = { ...CTX, declared: { ...CTX.declared, paths: ["~/.pm-cache"] } };
    expect(sev(`${HOME}/.product-manager-skills/last-update-check`, declared)).toEqual(["behavior.write-outside-workdir:medium"]);
  });

  it("a mkdir that fails with EEXIST changed nothing and is no event; a refused mkdir still is", () => {
    const rec = (errno: string) => parseSyscall({ pid: 4, tid: 4, comm: "mkdir", phase: "X", syscall: "mkdir", args: `0x7f00 /home, 0o777) = -1 (0xffffffffffffffff) errno=${errno} (0x0)`, cwd: "/" } as never);
    expect(rec("17 (file exists)")).toEqual({});
    expect(rec("13 (permission denied)").event).toMatchObject({ kind: "fs-change", path: "/home", ok: false });
  });
});

describe("the home folder of a package the build installed", () => {
  // csv-data-summarizer (pandas, matplotlib from requirements.txt): once the build installed them, importing matplotlib
  // made ~/.config/matplotlib and the skill went to review. A package the build installed counts like a program it runs.
  const mkdir = (path: string): TraceEvent => ({ kind: "fs-change", pid: 3, comm: "python3", syscall: "mkdir", path, ok: true });
  const sev = (path: string, installed: string[], paths: string[] = []) =>
    toFindings(analyse([run([mkdir(path)], "python3 analyze.py")], { ...CTX, installedPackages: installed, declared: { ...CTX.declared, paths } })).map((f) => `${f.severity} ${f.message}`);
  it("is low when an installed package names the folder and no paths are declared", () => {
    expect(sev(`${HOME}/.config/matplotlib`, ["pandas", "matplotlib"])).toEqual([expect.stringMatching(/^low .*a package the build installed/)]);
  });
  it("stays medium without that package, with declared paths, and never covers credentials or agent config", () => {
    expect(sev(`${HOME}/.config/matplotlib`, ["pandas"])).toEqual([expect.stringMatching(/^medium /)]);
    expect(sev(`${HOME}/.config/matplotlib`, ["matplotlib"], ["./out"])).toEqual([expect.stringMatching(/^medium /)]);
    expect(sev(`${HOME}/.config/gcloud`, ["gcloud"])).toEqual([expect.stringMatching(/^medium /)]);
    expect(sev(`${HOME}/.claude/skills`, ["claude"])).toEqual([expect.stringMatching(/^medium /)]);
  });
});

describe.skipIf(SKIP_SANDBOX)("a tool's own home folder in a real runsc run", () => {
  function skill(script: string): string {
    const root = mkdtempSync(join(tmpdir(), "skillsign-own-folder-"));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const dir = join(root, "update-notes");
    mkdirSync(join(dir, "scripts"), { recursive: true });
    writeFileSync(join(dir, "SKILL.md"), "---\nname: update-notes\ndescription: Keeps release notes current.\nallowed-tools: Bash\n---\n# Update notes\n\nRun `sh scripts/check.sh` before writing notes.\n");
    writeFileSync(join(dir, "scripts", "check.sh"), script);
    return dir;
  }
  const behave = async (dir: string) => behaviorStage.run(await makeContext(dir, { processEnv: { PATH: process.env.PATH, ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}) }, stageTimeoutMs: 120_000 }));

  it("state kept in ~/.update-notes/ is low; the same write to ~/.x11-cache/ stays medium", async () => {
    const own = await behave(skill('#!/bin/sh\nmkdir -p "$HOME/.update-notes" && date > "$HOME/.update-notes/last-check"\necho ok\n'));
    const routed = own.findings.filter((f) => f.severity !== "low" && f.severity !== "info");
    expect(routed, JSON.stringify(own.findings.map((f) => f.message))).toEqual([]);
    expect(own.findings.map((f) => f.message).join("\n")).toMatch(/~\/\.update-notes\/last-check outside the work directory \(no paths declared: inferred/);
    const other = await behave(skill('#!/bin/sh\nmkdir -p "$HOME/.x11-cache" && date > "$HOME/.x11-cache/last-check"\necho ok\n'));
    expect(other.findings.filter((f) => f.ruleId === "behavior.write-outside-workdir" && f.severity === "medium").map((f) => f.message).join("\n")).toMatch(/~\/\.x11-cache/);
  }, 180_000);
});

describe("loopback port 0 (npm's probe) is no network attempt", () => {
  it("connect to 127.0.0.1:0 and ::1:0 give nothing; 127.0.0.1:9 and 203.0.113.5:0 still count", () => {
    const connect = (addr: string, port: number, family: "AF_INET" | "AF_INET6" = "AF_INET"): TraceEvent => ({ kind: "connect", pid: 5, comm: "npm", syscall: "connect", family, addr, port, ok: false });
    const net = (events: TraceEvent[]) => toFindings(analyse([run(events, "npx tsx scripts/cli.ts list-tools")], CTX)).filter((f) => f.ruleId === "behavior.network-attempt").map((f) => f.message);
    expect(net([connect("127.0.0.1", 0), connect("::1", 0, "AF_INET6")])).toEqual([]);
    expect(net([connect("127.0.0.1", 9)]).join("\n")).toMatch(/127\.0\.0\.1:9/);
    expect(net([connect("203.0.113.5", 0)]).join("\n")).toMatch(/203\.0\.113\.5:0/);
  });
});
