/**
 * Arguments a script's own source says it takes, so code gated on a flag or a subcommand runs:
 * argparse/click/commander/yargs option strings, argv comparisons, shell `case` labels and
 * subparser names. Read from the source rather than from `--help` output so the plan is known
 * before anything runs (the `--help` run still happens for scripts that parse arguments).
 */

/** Source that reads its command line at all: only these get a `--help` run and flag runs. */
const PARSES_ARGS = /\b(?:argparse|optparse|getopt|docopt|click|typer|fire\.Fire|sys\.argv|process\.argv|commander|yargs|minimist|meow|parseArgs|Deno\.args|Bun\.argv)\b|\$\{?[1-9@*#]|\bgetopts\b|\bshift\b/;
/** "--flag" literals: add_argument("--sync"), argv.includes("--sync"), case "--sync"). */
const FLAG = /['"](--[a-z][a-z0-9-]{1,40})(?:=[^'"]*)?['"]|^\s*(?:\|\s*)?(--[a-z][a-z0-9-]{1,40})\s*(?:\||\))/gm;
/** Subcommands: add_parser("sync"), @cli.command("sync"), .command("sync"), case "$1" in sync), argv[1] == "sync". */
const SUBCOMMAND = /\badd_parser\(\s*['"]([a-z][\w-]{0,30})['"]|\.command\(\s*['"]([a-z][\w-]{0,30})['"]|argv\[[12]\]\s*===?\s*['"]([a-z][\w-]{0,30})['"]|^\s*['"]?([a-z][\w-]{0,30})['"]?\s*\)/gm;
/** Flags that stop a program before it does anything, or make it do nothing. */
const INERT_FLAGS = new Set(["--help", "--version", "--dry-run", "--dryrun", "--quiet", "--verbose", "--debug", "--no-color"]);
/** Agent runtimes set these; code gated on them only runs when they are present. */
const AGENT_ENV = /\b((?:CLAUDE|CODEX|GEMINI|CURSOR|OPENCLAW|CLAWDBOT|AGENT|SKILL)_[A-Z0-9_]+)\b/g;

export function parsesArguments(source: string): boolean {
  return PARSES_ARGS.test(source);
}

/** Argument libraries stop at the same parse call for `--help` as for no arguments at all. */
const LIBRARY_PARSER = /\b(?:argparse|optparse|click|typer|docopt|commander|yargs)\b/;

/**
 * Whether a `--help` run can reach code the no-argument run does not: only for scripts that read
 * their arguments by hand (sys.argv, $1, process.argv). With an argument library, code before the
 * parse runs in both, and nothing after it runs in either.
 */
export function helpRunAddsCoverage(source: string): boolean {
  return parsesArguments(source) && !LIBRARY_PARSER.test(source);
}

/** argparse/click options that take no value. */
const BOOLEAN_OPTION = /store_true|store_false|store_const|["']count["']|BooleanOptionalAction|is_flag\s*=\s*True/;
/** One add_argument("--x", …) / add_option / click.option call, up to its closing parenthesis on the same or next lines. */
const OPTION_CALL = /\b(?:add_argument|add_option|option)\(\s*(?:['"]-\w['"]\s*,\s*)?['"](--[a-z][a-z0-9-]{1,40})['"]([^)]*)\)/g;

/**
 * Each flag and subcommand the source names, once, in source order, as argument strings: an
 * option that takes a value gets a harmless one chosen by its name (`--profile example`).
 */
export function argumentsFrom(source: string, valueFor: (name: string) => string = () => "example"): string[][] {
  if (!parsesArguments(source)) return [];
  const out = new Map<string, string[]>();
  for (const m of source.matchAll(OPTION_CALL)) {
    const flag = m[1]!;
    if (INERT_FLAGS.has(flag) || out.has(flag)) continue;
    out.set(flag, BOOLEAN_OPTION.test(m[2] ?? "") ? [flag] : [flag, valueFor(flag.slice(2))]);
  }
  for (const m of source.matchAll(FLAG)) {
    const flag = m[1] ?? m[2];
    if (flag && !INERT_FLAGS.has(flag) && !out.has(flag)) out.set(flag, [flag]);
  }
  const isShell = /^#!.*\b(?:ba|da|z)?sh\b/.test(source) || /\bcase\s+"?\$\{?1/.test(source);
  for (const m of source.matchAll(SUBCOMMAND)) {
    const sub = m[1] ?? m[2] ?? m[3] ?? (isShell ? m[4] : undefined);
    if (sub && sub !== "esac" && sub !== "help" && !out.has(sub)) out.set(sub, [sub]);
  }
  return [...out.values()];
}

/**
 * `NAME=value` assignments for the agent variables the source reads: folders point at the
 * fake project (the run's working directory), anything else gets a plain value.
 */
export function agentEnvFor(source: string): string {
  const names = [...new Set([...source.matchAll(AGENT_ENV)].map((m) => m[1]!))].sort();
  return names.map((n) => `${n}=${/DIR|ROOT|PATH|HOME|WORKSPACE|PROJECT/.test(n) ? '"$PWD"' : "1"}`).join(" ");
}
