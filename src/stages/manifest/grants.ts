import type { Finding } from "../../findings.types.js";
import { manifestFinding } from "./finding.js";

/** Tool names that give the agent a shell. */
const SHELL_TOOLS = new Set(["bash", "shell", "sh", "exec", "terminal", "run_shell_command", "powershell"]);
/** Tools that write files or fetch from the network on the agent's behalf. */
const WRITE_TOOLS = new Set(["write", "edit", "multiedit", "notebookedit"]);
const NETWORK_TOOLS = new Set(["webfetch", "websearch"]);
/** Commands that, with any arguments, amount to arbitrary code, network or privilege. */
const RISKY_COMMANDS = new Set([
  "curl", "wget", "nc", "ncat", "netcat", "socat", "ssh", "scp", "telnet",
  "sh", "bash", "zsh", "dash", "fish", "eval", "exec", "source", "xargs", "env",
  "python", "python3", "node", "deno", "bun", "perl", "ruby", "php", "osascript", "pwsh", "powershell",
  "npx", "bunx", "uvx", "pipx", "docker", "sudo", "su", "doas",
]);
const NETWORK_COMMANDS = new Set(["curl", "wget", "nc", "ncat", "netcat", "socat", "ssh", "scp", "telnet"]);

export interface ParsedTool {
  raw: string;
  name: string;
  /** The text between the parentheses, if any: `git status:*` in `Bash(git status:*)`. */
  pattern?: string;
}

export function parseTool(raw: string): ParsedTool {
  const m = /^([^()]+?)\s*\(([\s\S]*)\)\s*$/.exec(raw.trim());
  return m ? { raw, name: m[1]!.trim(), pattern: m[2]!.trim() } : { raw, name: raw.trim() };
}

export function isShellTool(t: ParsedTool): boolean {
  return SHELL_TOOLS.has(t.name.toLowerCase());
}

/** Why a grant is unrestricted, or undefined when it is scoped. */
export function unrestrictedReason(t: ParsedTool): string | undefined {
  if (/^\*+$/.test(t.name)) return "grants every tool";
  if (!isShellTool(t)) return undefined;
  if (t.pattern === undefined) return "grants a shell with any command";
  if (/^[\s*:]*$/.test(t.pattern)) return "grants a shell with any command";
  if (!t.pattern.includes("*")) return undefined;
  // "curl:*", "python3 *" or "python3 -c:*" leave the arguments open; "python3 scripts/x.py:*" does not.
  const head = t.pattern.replace(/[\s:]*\*[\s\S]*$/, "").trim().split(/\s+/);
  const command = firstWord(head[0] ?? "");
  const argsOpen = head.length === 1 || (head.length === 2 && /^-{1,2}[\w-]+$/.test(head[1]!));
  if (RISKY_COMMANDS.has(command) && argsOpen) {
    return `grants \`${command}\` with any arguments, which runs arbitrary code or reaches any host`;
  }
  return undefined;
}

/** Interpreters whose open grant is how a skill runs the scripts it ships, by script extension. */
const INTERPRETER_FILES: Record<string, RegExp> = {
  python: /\.py$/i, python3: /\.py$/i, node: /\.(?:js|mjs|cjs)$/i, deno: /\.(?:js|mjs|ts)$/i, bun: /\.(?:js|mjs|ts)$/i,
  perl: /\.pl$/i, ruby: /\.rb$/i, php: /\.php$/i,
};

/**
 * An open grant of an interpreter (`Bash(python3:*)`) on a skill that ships scripts for it is how
 * the skill runs them: those scripts are analysed by the other stages (and run in the sandbox), so
 * the grant alone is low (advisory). Shells, network clients and sudo keep their weight.
 */
export function unrestrictedToolFindings(tools: ParsedTool[], file: string, shippedFiles: readonly string[] = []): Finding[] {
  return tools.flatMap((t) => {
    const reason = unrestrictedReason(t);
    if (!reason) return [];
    const command = t.pattern ? firstWord(t.pattern) : "";
    const scripts = INTERPRETER_FILES[command] ? shippedFiles.filter((f) => INTERPRETER_FILES[command]!.test(f)) : [];
    if (scripts.length > 0) {
      return [
        manifestFinding({
          ruleId: "manifest.unrestricted-tool",
          severity: "low",
          category: "excessive-permissions",
          confidence: "high",
          cwe: ["CWE-250"],
          message: `allowed-tools entry \`${t.raw}\` ${reason}; the skill ships ${scripts.length} script(s) for it (${scripts.slice(0, 3).join(", ")}${scripts.length > 3 ? ", …" : ""}), which the other stages analyse`,
          file,
          line: 1,
          evidence: t.raw,
          fix: `Pre-approve the scripts themselves, e.g. \`Bash(${command} ${scripts[0]}:*)\`, so the agent cannot run other code with it.`,
        }),
      ];
    }
    // A bare shell grant is a permission the runtime shows the user and enforces, signed with the
    // skill's permissions; what the skill runs with it is judged by the patterns, semgrep and
    // behaviour stages. By itself it is advisory. Every-tool (`*`), network clients and sudo keep high.
    const bareShell = isShellTool(t) && (t.pattern === undefined || /^[\s*:]*$/.test(t.pattern));
    return [
      manifestFinding({
        ruleId: "manifest.unrestricted-tool",
        severity: bareShell ? "low" : "high",
        category: "excessive-permissions",
        confidence: "high",
        cwe: ["CWE-250"],
        message: `allowed-tools entry \`${t.raw}\` ${reason}${bareShell ? "; the runtime shows and enforces this grant, and the commands the skill gives it are analysed by the other stages" : ""}`,
        file,
        line: 1,
        evidence: t.raw,
        fix: "Pre-approve only the commands the skill needs, e.g. `Bash(git status:*)`, or drop the entry and let the user approve each call.",
      }),
    ];
  });
}

/** Capabilities the declared tools hand to the agent. */
export interface ToolGrants {
  shell: string[];
  network: string[];
  write: string[];
}

export function toolGrants(tools: ParsedTool[]): ToolGrants {
  const g: ToolGrants = { shell: [], network: [], write: [] };
  for (const t of tools) {
    const lower = t.name.toLowerCase();
    if (isShellTool(t) || /^\*+$/.test(t.name)) g.shell.push(t.raw);
    if (WRITE_TOOLS.has(lower)) g.write.push(t.raw);
    if (NETWORK_TOOLS.has(lower)) g.network.push(t.raw);
    if (isShellTool(t) && t.pattern && NETWORK_COMMANDS.has(firstWord(t.pattern))) g.network.push(t.raw);
  }
  return g;
}

function firstWord(pattern: string): string {
  return (pattern.split(/[\s:]/)[0] ?? "").replace(/^.*\//, "").toLowerCase();
}
