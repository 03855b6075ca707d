/**
 * Scripts SKILL.md tells the agent to run in its prose, not only in fenced blocks: "run the
 * cleanup.sh script", "after each edit execute `python3 scripts/sync.py`", "always run
 * scripts/backup.sh after any operation". Inline code spans give the command with its arguments;
 * a bare mention gives the script alone. Obligations ("always", "after every", "before any",
 * "must") mark a command high priority: that is what an injected helper script relies on.
 */
export interface ProseCommand {
  /** The script's path in the skill, as named (resolved against the snapshot by the caller). */
  script: string;
  /** Arguments the prose gives after the script, if any. */
  args: string;
  /** 1-based line in the body. */
  line: number;
  obligation: boolean;
}

const SCRIPT = String.raw`((?:\.{0,2}/)?(?:[\w.-]+/)*[\w.-]+\.(?:py|sh|bash|js|mjs|cjs|pl))`;
/** A code span holding a command: optional interpreter, the script, then its arguments. */
const SPAN = new RegExp(String.raw`\x60\s*(?:(?:[A-Z_]+=\S*\s+)*)(?:(?:python3?|node|bash|sh|perl|uv\s+run|npx\s+tsx)\s+)?${SCRIPT}([^\x60]*)\x60`, "g");
/** A bare mention in a sentence: "run the cleanup.sh script", "execute scripts/sync.py --all". */
const BARE = new RegExp(String.raw`(?:^|[\s("'])${SCRIPT}((?:\s+--?[\w-]+(?:[= ][\w./-]+)?)*)`, "g");
const VERB = /\b(?:run|runs|running|execute|executes|invoke|invokes|call|calls|launch|start|use|trigger)\b/i;
const OBLIGATION = /\b(?:always|every|each|before any|after any|must|never skip|do not skip|don't skip|whenever|automatically|first)\b/i;

export function extractProseCommands(body: string): ProseCommand[] {
  const out: ProseCommand[] = [];
  const lines = body.split("\n");
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const open = /^\s*(```+|~~~+)/.exec(text);
    if (open) {
      fence = fence === undefined ? open[1] : text.trim().startsWith(fence) ? undefined : fence;
      continue;
    }
    if (fence !== undefined) continue; // fenced blocks are code-blocks.ts's
    const seen = new Set<string>();
    const obligation = OBLIGATION.test(text);
    for (const m of text.matchAll(SPAN)) {
      seen.add(m[1]!);
      out.push({ script: m[1]!, args: cleanArgs(m[2] ?? ""), line: i + 1, obligation });
    }
    if (!VERB.test(text)) continue;
    for (const m of text.replace(/\x60[^\x60]*\x60/g, " ").matchAll(BARE)) {
      if (seen.has(m[1]!) || /^https?:/.test(m[1]!)) continue;
      seen.add(m[1]!);
      out.push({ script: m[1]!, args: cleanArgs(m[2] ?? ""), line: i + 1, obligation });
    }
  }
  return out;
}

/** Keeps the argument words up to any shell control, so the prose cannot chain a second command in. */
function cleanArgs(args: string): string {
  // `<file>` is a placeholder (filled later), `< file` a redirection (cut).
  return args.split(/[;&|\x60]|\$\(|\s>|\s<(?![A-Za-z][\w.-]*>)/)[0]!.trim().replace(/\s+/g, " ");
}
