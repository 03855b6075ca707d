/**
 * Commands a reader of SKILL.md would paste into a terminal: the lines of fenced
 * bash/sh/shell/console blocks. `$ ` prompts mark commands in console-style blocks; lines
 * ending in `\` continue; a block with a heredoc runs as one piece.
 */
export interface BlockCommand {
  command: string;
  /** 1-based line in SKILL.md's body. */
  line: number;
}

const OPEN = /^\s*(```+|~~~+)\s*(bash|sh|shell|console|zsh|terminal|shell-session|shellsession)\b/i;
/** Lines that only set up context for the next lines of the same block. */
const CONTEXT = /^(cd|export|source|\.|set|alias|unset)\s/;

export function extractBlockCommands(body: string): BlockCommand[] {
  const lines = body.split("\n");
  const out: BlockCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end]!.trim().startsWith(fence)) end++;
    out.push(...blockCommands(lines.slice(start, end), start + 1));
    i = end;
  }
  return out;
}

function blockCommands(block: string[], firstLine: number): BlockCommand[] {
  const prompted = block.some((l) => /^\s*\$ /.test(l));
  if (block.some((l) => /<<-?\s*['"]?\w+/.test(l))) {
    const text = block.map((l) => (prompted ? l.replace(/^\s*\$ /, "") : l)).join("\n").trim();
    return text ? [{ command: text, line: firstLine }] : [];
  }
  const out: BlockCommand[] = [];
  const context: string[] = [];
  for (let i = 0; i < block.length; i++) {
    let raw = block[i]!;
    if (prompted) {
      if (!/^\s*\$ /.test(raw)) continue; // output shown in the example
      raw = raw.replace(/^\s*\$ /, "");
    }
    const line = firstLine + i;
    let cmd = raw.trim();
    while (cmd.endsWith("\\") && i + 1 < block.length) cmd = `${cmd.slice(0, -1).trimEnd()} ${block[++i]!.trim().replace(/^\$ /, "")}`;
    if (!cmd || cmd.startsWith("#")) continue;
    if (CONTEXT.test(cmd)) {
      context.push(cmd);
      continue;
    }
    out.push({ command: context.length ? `${context.join(" && ")} && ${cmd}` : cmd, line });
  }
  return out;
}

const KEEP_VARS = new Set(["HOME", "PWD", "OLDPWD", "PATH", "USER", "TMPDIR", "SHELL", "LANG"]);

/** Replaces `<placeholder>`, `{{placeholder}}` and `$VAR` with harmless values chosen by name. */
export function fillPlaceholders(command: string, promptFile: string): string {
  return command
    .replace(/\{\{\s*([A-Za-z_][\w .-]*?)\s*\}\}/g, (_m, name: string) => harmlessValue(name, promptFile))
    .replace(/<([A-Za-z][A-Za-z0-9_.-]*(?: [A-Za-z0-9_.-]+)*)>/g, (_m, name: string) => harmlessValue(name, promptFile))
    // The shell does not expand $VAR inside single quotes (awk's '{print $NF}'), so neither do we.
    .split(/('[^']*')/)
    .map((part) =>
      part.startsWith("'")
        ? part
        : part.replace(/\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)/g, (m, a: string | undefined, b: string | undefined) => {
            const name = (a ?? b)!;
            return KEEP_VARS.has(name) ? m : harmlessValue(name, promptFile);
          }),
    )
    .join("");
}

export function harmlessValue(name: string, promptFile: string): string {
  // Whole words only: "profile" is not a file.
  const n = ` ${name.toLowerCase().replace(/[^a-z0-9]+/g, " ")} `;
  const has = (words: string) => new RegExp(` (${words}) `).test(n);
  if (has("url|uri|link|endpoint|host|hostname|domain|server|webhook")) return "http://example.invalid/";
  if (has("dir|directory|folder|dest|destination|output|out|outdir")) return "/tmp/output";
  if (has("file|filename|path|filepath|input|doc|document|src|source|pdf|csv|txt|json|md|image|img")) return promptFile;
  if (has("port")) return "8080";
  if (has("num|number|count|limit|size|n|max|min|days|age|id")) return "3";
  return "example";
}
