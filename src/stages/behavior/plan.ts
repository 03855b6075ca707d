import { posix } from "node:path";
import { readSnapshotText } from "../../snapshot/read.js";
import type { StageContext } from "../stage.types.js";
import { extractBlockCommands, fillPlaceholders, harmlessValue } from "./code-blocks.js";
import { agentEnvFor, argumentsFrom, helpRunAddsCoverage } from "./plan-args.js";
import { extractProseCommands } from "./plan-prose.js";
import { Coverage, parseInvocation } from "./plan-shape.js";

export type CommandSource = "install-hook" | "script-no-args" | "skill-md" | "skill-md-prose" | "script-args" | "script-help";

export interface PlannedCommand {
  source: CommandSource;
  /** What the user sees: the command with placeholders filled. */
  command: string;
  /** Where it came from, e.g. "scripts/sync.py" or "SKILL.md:12". */
  origin: string;
}

export interface NotRun {
  source: CommandSource;
  command: string;
  origin: string;
  reason: string;
  /**
   * Set when the command was left out for lack of room (cap or time), not because it cannot run:
   * the analysis is then incomplete and the verdict cannot approve (no cap a skill can pad past).
   */
  incomplete?: true;
}

export interface CommandPlan {
  commands: PlannedCommand[];
  notRun: NotRun[];
}

export interface PlanPaths {
  /** Guest path of the canary prompt file that file-like placeholders point at. */
  promptFile: string;
}

const INTERPRETER: Array<[RegExp, string]> = [
  [/\.py$/i, "python3"],
  [/\.(js|mjs|cjs)$/i, "node"],
  [/\.bash$/i, "bash"],
  [/\.sh$/i, "sh"],
  [/\.pl$/i, "perl"],
];
const SKIPPED_DIRS = /(^|\/)(node_modules|\.git|__pycache__|test|tests|references|assets)\//;
const CODE = /\.(py|js|mjs|cjs|sh|bash|pl|ts|rb|ps1)$/i;
const HOOKS = ["preinstall", "install", "postinstall", "prepare"];
/** Priority when the cap cuts the list: what the agent is told it must run comes right after install hooks. */
type Tier = "install" | "obligation" | CommandSource;
const PRIORITY: Tier[] = ["install", "obligation", "script-no-args", "skill-md", "skill-md-prose", "script-args", "script-help"];

interface Candidate extends PlannedCommand {
  tier: Tier;
}

/**
 * Turns a snapshot into the commands to exercise. Over the cap, the rest are listed as not run
 * with `incomplete: true`, which makes the verdict's completeness check fail closed.
 */
export function planCommands(ctx: StageContext, paths: PlanPaths, maxCommands: number): CommandPlan {
  const candidates: Candidate[] = [];
  const notRun: NotRun[] = [];
  installHooks(ctx, candidates, notRun);
  for (const f of ctx.snapshot.files) {
    if (SKIPPED_DIRS.test(f.path) || f.path === ctx.snapshot.skillMdPath) continue;
    const run = runnerFor(f.path, f.executable);
    if (run === undefined) {
      if (CODE.test(f.path)) notRun.push({ source: "script-no-args", command: f.path, origin: f.path, reason: "no interpreter for this file type in the sandbox image" });
      continue;
    }
    const text = readSnapshotText(ctx.snapshot, f.path);
    const source = text.ok ? text.text : "";
    const env = agentEnvFor(source);
    candidates.push({ tier: "script-no-args", source: "script-no-args", command: env ? `${env} ${run}` : run, origin: f.path });
    for (const args of argumentsFrom(source, (name) => harmlessValue(name, paths.promptFile))) {
      candidates.push({ tier: "script-args", source: "script-args", command: `${env ? `${env} ` : ""}${run} ${args.map(shellQuote).join(" ")}`, origin: f.path });
    }
    // A script that never reads its arguments, or parses them with a library, does the same with --help as without.
    if (!text.ok || helpRunAddsCoverage(source) || !CODE.test(f.path)) candidates.push({ tier: "script-help", source: "script-help", command: `${run} --help`, origin: f.path });
  }
  if (ctx.skill.parsed.ok || ctx.skill.parsed.body) {
    const offset = ctx.skill.parsed.ok ? ctx.skill.parsed.bodyStartLine - 1 : 0;
    const origin = (line: number) => `${ctx.snapshot.skillMdPath}:${line + offset}`;
    for (const b of extractBlockCommands(ctx.skill.parsed.body)) {
      candidates.push({ tier: "skill-md", source: "skill-md", command: fillPlaceholders(b.command, paths.promptFile), origin: origin(b.line) });
    }
    for (const p of extractProseCommands(ctx.skill.parsed.body)) {
      const file = resolveScript(ctx, p.script);
      const run = file && runnerFor(file.path, file.executable);
      if (!run) continue;
      const args = p.args ? ` ${fillPlaceholders(p.args, paths.promptFile)}` : "";
      candidates.push({ tier: p.obligation ? "obligation" : "skill-md-prose", source: "skill-md-prose", command: `${run}${args}`, origin: origin(p.line) });
    }
  }
  const seen = new Set<string>();
  const unique = PRIORITY.flatMap((t) => candidates.filter((c) => c.tier === t)).filter((c) => !seen.has(c.command) && seen.add(c.command));
  const ordered = collapseExamples(unique, ctx, notRun);
  const strip = ({ tier: _t, ...c }: Candidate): PlannedCommand => c;
  for (const c of ordered.slice(maxCommands)) notRun.push({ ...strip(c), reason: `over the cap of ${maxCommands} commands per skill`, incomplete: true });
  return { commands: ordered.slice(0, maxCommands).map(strip), notRun };
}

/**
 * Keeps a simple invocation only while it covers something new for its program (an option, a
 * subcommand, a number of values); the rest are listed as not run, not incomplete: the code paths
 * they reach have run, only values differ (plan-shape.ts).
 */
function collapseExamples(commands: Candidate[], ctx: StageContext, notRun: NotRun[]): Candidate[] {
  const scripts = new Set(ctx.snapshot.files.map((f) => f.path));
  const coverage = new Coverage();
  return commands.filter((c) => {
    const inv = c.source === "install-hook" ? undefined : parseInvocation(c.command, scripts);
    if (inv === undefined || coverage.adds(inv)) return true;
    const { tier: _t, ...planned } = c;
    notRun.push({ ...planned, reason: `adds no option, subcommand or argument count not already run for ${inv.program} (only values differ)` });
    return false;
  });
}

/** How the sandbox runs a file: its interpreter, or its own #! line when executable without a known extension. */
function runnerFor(path: string, executable: boolean): string | undefined {
  const interp = INTERPRETER.find(([re]) => re.test(path))?.[1];
  if (interp) return `${interp} ${shellQuote(path)}`;
  return !CODE.test(path) && executable ? `./${shellQuote(path)}` : undefined;
}

/** The skill file a prose mention names: the exact path, else the only file with that name. */
function resolveScript(ctx: StageContext, named: string) {
  const clean = posix.normalize(named.replace(/^\.\//, ""));
  const exact = ctx.snapshot.files.find((f) => f.path === clean);
  if (exact) return exact;
  const byName = ctx.snapshot.files.filter((f) => f.path.endsWith(`/${clean}`) || posix.basename(f.path) === posix.basename(clean));
  return byName.length === 1 ? byName[0] : undefined;
}

function installHooks(ctx: StageContext, out: Candidate[], notRun: NotRun[]): void {
  for (const f of ctx.snapshot.files) {
    if (!/(^|\/)package\.json$/.test(f.path) || SKIPPED_DIRS.test(f.path)) continue;
    const t = readSnapshotText(ctx.snapshot, f.path);
    if (!t.ok) continue;
    let scripts: Record<string, unknown> = {};
    try {
      scripts = ((JSON.parse(t.text) as { scripts?: Record<string, unknown> }).scripts ?? {}) as Record<string, unknown>;
    } catch {
      continue;
    }
    const dir = f.path.includes("/") ? f.path.slice(0, f.path.lastIndexOf("/")) : ".";
    for (const hook of HOOKS) {
      const s = scripts[hook];
      if (typeof s === "string" && s.trim()) out.push({ tier: "install", source: "install-hook", command: `cd ${shellQuote(dir)} && ${s}`, origin: `${f.path}#scripts.${hook}` });
    }
  }
  for (const step of ctx.skill.permissions.install) {
    const origin = `install: ${step.kind}${step.label ? ` (${step.label})` : ""}`;
    if (/^(shell|exec|sh|bash|script)$/i.test(step.kind) && step.package) out.push({ tier: "install", source: "install-hook", command: step.package, origin });
    else notRun.push({ source: "install-hook", command: `${step.kind} ${step.package}`.trim(), origin, reason: `${step.kind} installs need a package registry; the sandbox has no network` });
  }
}

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
