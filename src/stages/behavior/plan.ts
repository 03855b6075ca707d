import { readSnapshotText } from "../../snapshot/read.js";
import type { StageContext } from "../stage.types.js";
import { extractBlockCommands, fillPlaceholders } from "./code-blocks.js";

export type CommandSource = "install-hook" | "script-no-args" | "skill-md" | "script-help";

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
/** Source order is priority order when the cap cuts the list. */
const PRIORITY: CommandSource[] = ["install-hook", "script-no-args", "skill-md", "script-help"];

/** Turns a snapshot into the list of commands to exercise, capped, with every skipped one accounted for. */
export function planCommands(ctx: StageContext, paths: PlanPaths, maxCommands: number): CommandPlan {
  const candidates: PlannedCommand[] = [];
  const notRun: NotRun[] = [];
  installHooks(ctx, candidates, notRun);
  for (const f of ctx.snapshot.files) {
    if (SKIPPED_DIRS.test(f.path) || f.path === ctx.snapshot.skillMdPath) continue;
    if (!CODE.test(f.path)) {
      // An executable without a known extension runs through its own #! line.
      if (f.executable) candidates.push({ source: "script-no-args", command: `./${shellQuote(f.path)}`, origin: f.path }, { source: "script-help", command: `./${shellQuote(f.path)} --help`, origin: f.path });
      continue;
    }
    const interp = INTERPRETER.find(([re]) => re.test(f.path))?.[1];
    if (!interp) {
      notRun.push({ source: "script-no-args", command: f.path, origin: f.path, reason: "no interpreter for this file type in the sandbox image" });
      continue;
    }
    const run = `${interp} ${shellQuote(f.path)}`;
    candidates.push({ source: "script-no-args", command: run, origin: f.path });
    candidates.push({ source: "script-help", command: `${run} --help`, origin: f.path });
  }
  if (ctx.skill.parsed.ok || ctx.skill.parsed.body) {
    const offset = ctx.skill.parsed.ok ? ctx.skill.parsed.bodyStartLine - 1 : 0;
    for (const b of extractBlockCommands(ctx.skill.parsed.body)) {
      candidates.push({ source: "skill-md", command: fillPlaceholders(b.command, paths.promptFile), origin: `${ctx.snapshot.skillMdPath}:${b.line + offset}` });
    }
  }
  const seen = new Set<string>();
  const unique = candidates.filter((c) => !seen.has(c.command) && seen.add(c.command));
  const ordered = PRIORITY.flatMap((s) => unique.filter((c) => c.source === s));
  for (const c of ordered.slice(maxCommands)) notRun.push({ ...c, reason: `over the cap of ${maxCommands} commands per skill` });
  return { commands: ordered.slice(0, maxCommands), notRun };
}

function installHooks(ctx: StageContext, out: PlannedCommand[], notRun: NotRun[]): void {
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
      if (typeof s === "string" && s.trim()) out.push({ source: "install-hook", command: `cd ${shellQuote(dir)} && ${s}`, origin: `${f.path}#scripts.${hook}` });
    }
  }
  for (const step of ctx.skill.permissions.install) {
    const origin = `install: ${step.kind}${step.label ? ` (${step.label})` : ""}`;
    if (/^(shell|exec|sh|bash|script)$/i.test(step.kind) && step.package) out.push({ source: "install-hook", command: step.package, origin });
    else notRun.push({ source: "install-hook", command: `${step.kind} ${step.package}`.trim(), origin, reason: `${step.kind} installs need a package registry; the sandbox has no network` });
  }
}

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
