/**
 * SKILL.md often shows one program many times with different values ("gen.py 'a cat'", "gen.py
 * 'a dog' -o x.png"). Running every example fills the command cap with one code path, so simple
 * invocations are kept only while they add coverage: a new option or subcommand for that program,
 * or a new number of values (none usually prints usage; one input reaches the real path). Only
 * simple invocations — words and quoted strings, no shell control — are judged; a command that
 * does anything else is always run on its own.
 */
const WORD = /^(?:'[^']*'|"[^"$`\\]*"|[^\s'"`$;&|<>()\\]+)$/;
const INTERPRETERS = new Set(["python", "python3", "node", "sh", "bash", "perl"]);

export interface Invocation {
  /** The script's path in the skill, or the program's name. */
  program: string;
  /** Options (by name) and subcommands (bare lower-case words). */
  named: string[];
  /** How many other arguments: 0, 1, or 2 for "two or more". */
  values: number;
}

/** Reads a simple invocation; undefined when the command has shell control or no program. */
export function parseInvocation(command: string, scripts: ReadonlySet<string>): Invocation | undefined {
  const words = command.trim().match(/'[^']*'|"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
  if (words.length === 0 || !words.every((w) => WORD.test(w))) return undefined;
  let i = 0;
  while (i < words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[i]!)) i++;
  if (INTERPRETERS.has(words[i] ?? "") && words[i + 1] && !words[i + 1]!.startsWith("-")) i++;
  const word = (words[i] ?? "").replace(/^\.\//, "");
  if (!word) return undefined;
  // A path ending in a shipped script ("skills/x/scripts/a.py" for "scripts/a.py") is that script.
  const program = scripts.has(word) ? word : [...scripts].find((s) => word.endsWith(`/${s}`)) ?? word;
  const args = words.slice(i + 1);
  const isNamed = (w: string) => /^--?[A-Za-z]/.test(w) || /^[a-z][a-z0-9_-]*$/.test(w);
  return { program, named: [...new Set(args.filter(isNamed).map((w) => w.replace(/=.*$/, "")))], values: Math.min(2, args.filter((w) => !isNamed(w)).length) };
}

/** Remembers what each program has been run with; `adds` says whether an invocation covers anything new. */
export class Coverage {
  private readonly seen = new Map<string, Set<string>>();

  adds(inv: Invocation): boolean {
    const known = this.seen.get(inv.program) ?? new Set<string>();
    const keys = [`#${inv.values}`, ...inv.named];
    const fresh = keys.some((k) => !known.has(k));
    for (const k of keys) known.add(k);
    this.seen.set(inv.program, known);
    return fresh;
  }
}
