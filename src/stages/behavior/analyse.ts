import { posix } from "node:path";
import type { Severity } from "../../findings.types.js";
import { findCanaries, type Canary } from "./canaries.js";
import { classifyExec, commandWords, isPersistenceBin, isPersistencePath, writeArea } from "./classify.js";
import type { Observation } from "./findings.js";
import { implicitNetrcLookup } from "./implicit-netrc.js";
import { isOwnHomeFolder } from "./own-folder.js";
import { networkFindings } from "./network-analyse.js";
import type { AnalysisContext, CommandObservation } from "./observe.types.js";

/** Fork failures above this many mean the process cap was hit on purpose, not by a busy build. */
export const FORK_BOMB_THRESHOLD = 20;

/** Pure: what the monitor saw for each command, judged against what the skill declared. */
export function analyse(runs: CommandObservation[], ctx: AnalysisContext): Observation[] {
  return runs.flatMap((run) => [...networkFindings(run, ctx), ...files(run, ctx), ...execs(run, ctx), ...leaks(run, ctx), ...limits(run, ctx), ...evasions(run)]);
}

function files(run: CommandObservation, ctx: AnalysisContext): Observation[] {
  const out: Observation[] = [];
  for (const e of run.events) {
    const bait = e.kind === "open" ? ctx.bait.find((b) => b.guestPath === e.path) : undefined;
    if (e.kind === "open" && bait) {
      const declared = ctx.declared.paths.some((p) => coversPath(p, e.path, ctx.guestHome));
      const lookup = bait.label === ".netrc" && !e.write && implicitNetrcLookup(run, ctx);
      const why = declared ? " (the path is declared)" : lookup ? " (read-only, by a command whose only network use was plain web requests to allowed hosts, in a skill that never names netrc: an HTTP library's own credential lookup)" : "";
      out.push({
        rule: "canary-read",
        key: bait.guestPath,
        severity: bait.routine || lookup ? "low" : declared ? "medium" : "high",
        confidence: "high",
        message: `${e.comm} opened the planted credential file ${homeRelative(e.path, ctx.guestHome)}${why}`,
        evidence: `${e.comm}: open(${e.path}, ${e.flags})`,
        command: run.planned,
      });
      if (!e.write) continue;
    }
    const change = e.kind === "open" && e.write ? { path: e.path, how: `open(${e.flags})`, ok: e.ok } : e.kind === "fs-change" ? { path: e.path, how: e.syscall, ok: e.ok } : undefined;
    if (!change) continue;
    const { path, how } = change;
    const refused = change.ok ? "" : " (refused)";
    if (isPersistencePath(path, ctx.guestHome)) {
      out.push({ rule: "persistence", key: path, severity: "high", confidence: "high", message: `${e.comm} modified ${homeRelative(path, ctx.guestHome)}, which runs again on every login or schedule`, evidence: `${e.comm}: ${how} ${path}${refused}`, command: run.planned });
      continue;
    }
    const area = writeArea(path, ctx.guestWork, ctx.guestHome);
    if (area === "allowed") continue;
    // Evidence-weighted: no paths declared and the skill's (or its tool's) own home folder: inferred, shown (own-folder.ts).
    // A dependency the build installed counts like a program the command runs (matplotlib makes ~/.config/matplotlib on import).
    const mkdir = /^mkdir/.test(how);
    const byCommand = area === "home" && ctx.declared.paths.length === 0 && isOwnHomeFolder(path, ctx.guestHome, ctx.guestWork, commandWords(run.planned.command), mkdir);
    const byPackage = area === "home" && ctx.declared.paths.length === 0 && !byCommand && isOwnHomeFolder(path, ctx.guestHome, ctx.guestWork, ctx.installedPackages ?? [], mkdir);
    const own = byCommand || byPackage;
    const severity: Severity = area === "home-cache" ? "info" : own ? "low" : area === "home" ? "medium" : "high";
    const note = byCommand ? " (no paths declared: inferred as the skill's own folder in the home directory)" : byPackage ? " (no paths declared: the home folder of a package the build installed, inferred)" : "";
    out.push({ rule: "write-outside-workdir", key: path, severity, confidence: "high", message: `${e.comm} wrote ${homeRelative(path, ctx.guestHome)} outside the work directory${refused}${note}`, evidence: `${e.comm}: ${how} ${path}`, command: run.planned });
  }
  return out;
}

function execs(run: CommandObservation, ctx: AnalysisContext): Observation[] {
  const out: Observation[] = [];
  const declared = new Set(ctx.declared.bins);
  const named = new Set([...commandWords(run.planned.command), posix.basename(run.planned.origin.split(/[#:]/)[0]!)]);
  // execvp tries each PATH entry in turn: an attempt failed only if no sibling attempt succeeded.
  const succeeded = new Set(run.events.flatMap((e) => (e.kind === "exec" && e.ok ? [`${e.pid}\u0000${e.argv.join("\u0000")}`] : [])));
  for (const e of run.events) {
    if (e.kind !== "exec") continue;
    const ok = e.ok || succeeded.has(`${e.pid}\u0000${e.argv.join("\u0000")}`);
    if (ok && !e.ok) continue; // a failed PATH probe of a program that did start: report the start

    // The binary that runs is the path execve loaded, never argv[0] (which the caller chooses freely).
    const bin = posix.basename(e.path);
    const claimed = posix.basename(e.argv[0] ?? "");
    const alias = claimed && claimed !== bin ? ` (argv[0] says "${claimed}")` : "";
    if (isPersistenceBin(bin)) {
      out.push({ rule: "persistence", key: `exec:${bin}`, severity: "high", confidence: "high", message: `${e.comm} ran ${bin}${alias}, which schedules code to run again later`, evidence: `${e.comm}: execve(${e.argv.join(" ")})`, command: run.planned });
      continue;
    }
    const kind = classifyExec(bin, e.caller ? posix.basename(e.caller) : e.comm, declared, named);
    if (kind === "expected") continue;
    const what = kind === "network-tool" ? "a network tool" : kind === "shell-from-code" ? "a shell from code" : "an undeclared program";
    // Evidence-weighted: a skill that declares no programs gets the ones it runs inferred as its permission. A network
    // tool is judged by what it did (the sinkhole sees destinations, payloads and downloaded code), shells from code are not.
    const inferred = declared.size === 0 && (kind === "other" || (kind === "network-tool" && run.sinkhole?.started === true));
    out.push({
      rule: "undeclared-exec",
      key: bin,
      severity: inferred ? "low" : kind === "other" ? "medium" : "high",
      confidence: kind === "other" ? "medium" : "high",
      message: `${e.comm} started ${what}: ${bin}${alias}${ok ? "" : " (not present in the sandbox)"}${inferred ? " (no programs declared: inferred as a program the skill uses)" : ""}`,
      evidence: `${e.comm}: execve(${e.path}, ${e.argv.join(" ")})`,
      command: run.planned,
    });
  }
  return out;
}

/**
 * Canary values in arguments, network payloads and written files (exfiltration), and in output
 * (reported as a read). Env (envp) is never searched: we put them there.
 */
function leaks(run: CommandObservation, ctx: AnalysisContext): Observation[] {
  const out: Observation[] = [];
  const secrets = ctx.canaries.filter((c) => c.kind === "secret");
  const push = (found: Canary[], channel: string, severity: Severity, confidence: Observation["confidence"], message: (labels: string) => string, evidence: string, rule: Observation["rule"] = "canary-exfil") => {
    if (found.length === 0) return;
    const labels = found.map((c) => c.label).join(", ");
    out.push({ rule, key: channel, severity, confidence, message: message(labels), evidence, command: run.planned });
  };
  for (const e of run.events) {
    if (e.kind === "send") {
      push(findCanaries(e.data, ctx.canaries), "network", "critical", "high", (l) => `${e.comm} sent planted secrets/input over a socket (${e.syscall} on ${e.target}): ${l}`, `${e.comm}: ${e.syscall}(${e.target}, ${e.data})`);
    } else if (e.kind === "exec") {
      const found = findCanaries(e.argv.join(" "), secrets);
      const declared = found.every((c) => ctx.declared.env.includes(c.label)) && ctx.declared.bins.includes(posix.basename(e.argv[0] ?? ""));
      push(found, "argv", declared ? "medium" : "critical", "high", (l) => `${e.comm} passed planted secrets on the command line of ${posix.basename(e.path)}: ${l}`, `${e.comm}: execve(${e.argv.join(" ")})`);
    } else if (e.kind === "file-write" && !ctx.bait.some((b) => b.guestPath === e.path)) {
      push(findCanaries(e.data, secrets), `file:${e.path}`, "critical", "high", (l) => `${e.comm} wrote planted secrets into ${homeRelative(e.path, ctx.guestHome)}: ${l}`, `${e.comm}: write(${e.path}, ${e.data})`);
    }
  }
  for (const f of run.changedFiles) {
    if (ctx.bait.some((b) => b.guestPath === f.guestPath)) continue; // the bait itself, edited in place
    push(findCanaries(f.content, secrets), `file:${f.guestPath}`, "critical", "high", (l) => `planted secrets ended up in ${homeRelative(f.guestPath, ctx.guestHome)}: ${l}`, `${f.guestPath}: ${f.content.slice(0, 200)}`);
  }
  for (const [stream, text] of [["stdout", run.stdout], ["stderr", run.stderr]] as const) {
    // Output goes to the agent, not to a third party: a read made visible, for review rather than automatic rejection.
    const found = findCanaries(text, secrets);
    // Evidence-weighted: the project's own .env printed by the command SKILL.md shows the user (`cat .env`) is what
    // the user asked to see; any other secret in the output, or any run that sends it anywhere, keeps its weight.
    const shown = found.length > 0 && found.every((c) => ctx.bait.some((b) => b.routine && b.label === c.label)) && showsDotenv(run.planned);
    const note = shown ? " (the project's .env, printed by the command SKILL.md shows the user)" : "";
    push(found, stream, shown ? "low" : "high", "high", (l) => `printed planted secrets to ${stream}, where the agent (and its model provider) would see them: ${l}${note}`, `${stream}: ${text.slice(0, 200)}`, "canary-read");
  }
  return out;
}

/** A visible SKILL.md command that names the project's .env itself (`cat .env`, `grep KEY .env`). */
function showsDotenv(planned: CommandObservation["planned"]): boolean {
  return planned.source === "skill-md" && /(?:^|[\s'"=<])(?:\.\/)?\.env(?=$|[\s'";|&>)])/.test(planned.command);
}

function limits(run: CommandObservation, ctx: AnalysisContext): Observation[] {
  const out: Observation[] = [];
  const o = (key: string, severity: Severity, message: string, evidence: string): Observation => ({ rule: "resource-limit", key, severity, confidence: "high", message, evidence, command: run.planned });
  if (run.forkFailures >= FORK_BOMB_THRESHOLD) out.push(o("processes", "high", `kept forking until the process limit stopped it (${run.forkFailures} failed forks)`, `clone/fork failed with EAGAIN ${run.forkFailures} times`));
  if (run.logExceeded) out.push(o("log", "high", "wrote so much through system calls that the monitor's log limit killed it", "syscall log limit exceeded"));
  if (run.diskExceeded) out.push(o("disk", "high", "wrote so much data, or so many files, that the disk watchdog killed it", "disk quota (bytes or files) exceeded"));
  const end = run.end;
  if (end.kind === "timeout") out.push(o("time", "medium", `did not finish within ${Math.round(run.timeoutMs / 1000)} s and was killed`, `timeout after ${run.timeoutMs} ms`));
  if (end.kind === "exited" && (end.oomKilled || end.exitCode === 137)) out.push(o("memory", "high", `exceeded the ${ctx.memoryMb} MB memory limit and was killed`, `exit code ${end.exitCode}${end.oomKilled ? ", OOMKilled" : ""}`));
  return out;
}

const EVASION: Record<string, string> = {
  "process-name": "renamed a process to break or forge the monitor's log",
  path: "used a file name with a line break (a classic way to forge log lines)",
  flood: "repeated the same call thousands of times (flooding the monitor)",
  "unreadable-record": "produced a syscall record the monitor could not read",
};

/** Attempts on the monitor itself; they fail here, but no benign skill makes them. */
function evasions(run: CommandObservation): Observation[] {
  return run.events.flatMap((e) =>
    e.kind === "evasion"
      ? [{ rule: "monitor-evasion" as const, key: e.what, severity: (e.what === "flood" ? "medium" : "high") as Severity, confidence: "high" as const, message: EVASION[e.what]!, evidence: e.detail, command: run.planned }]
      : [],
  );
}

function coversPath(declared: string, path: string, home: string): boolean {
  const d = declared.replace(/^~(?=\/|$)/, home).replace(/\/+$/, "");
  return d.length > 1 && (path === d || path.startsWith(`${d}/`));
}

function homeRelative(path: string, home: string): string {
  return path.startsWith(`${home}/`) ? `~/${path.slice(home.length + 1)}` : path;
}
