import { Command, CommanderError } from "commander";
import { redactText } from "../redact.js";
import { CLOSED_PIPE_EXIT, pipeClosed, silence, stdoutFailure, watchClosedPipes } from "./closed-pipe.js";
import { commanderErrorLine, describeError, EXIT, exitCodeFor } from "./exit-codes.js";
import { addEpilogue, configureHelpText, epilogue } from "./help-text.js";
import { exitOnSignals } from "./signals.js";
import { VERSION } from "../version.js";

type Register = (program: Command) => void;
interface Entry {
  name: string;
  /** Shown by `skillsign --help` without loading the command's module. */
  summary: string;
  load: () => Promise<Register>;
}

/**
 * One line per command. A command's module (and everything it imports: Docker, SQLite, the
 * stages...) is loaded only when that command runs, so `--version`, `--help` and light
 * commands start fast (bench/startup).
 */
export const COMMANDS: readonly Entry[] = [
  { name: "scan", summary: "dry-run the checks on skill folders; records and signs nothing", load: async () => (await import("./scan.js")).registerScan },
  { name: "submit", summary: "analyse a skill with every stage, record the verdict, sign it if approved", load: async () => (await import("./submit.js")).registerSubmit },
  { name: "ci", summary: "analyse and record skills in CI; exit by the worst verdict", load: async () => (await import("./ci.js")).registerCi },
  { name: "baseline", summary: "accept the current findings so scan/ci --baseline count only new ones", load: async () => (await import("./baseline.js")).registerBaseline },
  { name: "review", summary: "work the review queue: list, show, approve, reject, waive", load: async () => (await import("./review.js")).registerReview },
  { name: "worker", summary: "run queued submissions from the PostgreSQL job queue", load: async () => (await import("./worker.js")).registerWorker },
  { name: "status", summary: "show a submission: state, reasons, creator notice, signature", load: async () => (await import("./status.js")).registerStatus },
  { name: "history", summary: "every submission of a skill, newest first", load: async () => (await import("./status.js")).registerStatus },
  { name: "sign", summary: "sign a skill folder by hand (approval kind \"manual\")", load: async () => (await import("./sign.js")).registerSign },
  { name: "verify", summary: "strictly verify a skill folder (or --all) against its signature and the trust file", load: async () => (await import("./verify.js")).registerVerify },
  { name: "install", summary: "verify a skill folder and place exactly the verified bytes", load: async () => (await import("./install.js")).registerInstall },
  { name: "keys", summary: "manage signing keys, the trust file and the revocation list", load: async () => (await import("./keys.js")).registerKeys },
  { name: "trust", summary: "manage a root of trust: root keys (k of n), catalog, timestamp", load: async () => (await import("./trust.js")).registerTrust },
  { name: "setup", summary: "install Docker + gVisor, Semgrep, Trivy and the base image (needs root)", load: async () => (await import("./setup.js")).registerSetup },
  { name: "doctor", summary: "check the tools the policy needs and say how to fix what is missing", load: async () => (await import("./doctor.js")).registerDoctor },
  { name: "completion", summary: "print a shell completion script (bash, zsh or fish)", load: async () => (await import("./completion.js")).registerCompletion },
  { name: "serve", summary: "the HTTP API, the reviewer web page and /openapi.json", load: async () => (await import("./serve.js")).registerServe },
  { name: "tokens", summary: "API tokens for skillsign serve (creator, reviewer, admin), stored as hashes", load: async () => (await import("./tokens.js")).registerTokens },
  { name: "settings", summary: "the service's encrypted settings: show, rotate-key", load: async () => (await import("./settings.js")).registerSettings },
];

/** The command argv names (`skillsign [global options] NAME …`, `skillsign help NAME`). */
export function commandName(args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith("-"));
  return words[0] === "help" ? words[1] : words[0];
}

/**
 * The program with the named commands loaded (all of them when `names` is undefined) and
 * one-line stubs for the others, so the top-level help lists every command.
 */
export async function buildProgram(names?: readonly string[]): Promise<Command> {
  const program = new Command("skillsign")
    .description("Vet agent skills before a marketplace publishes them, and sign the ones it accepts.")
    .version(VERSION)
    .option("-q, --quiet", "print nothing on stdout and no progress; the exit code carries the result (report files are still written)")
    .option("--no-color", "no ANSI colour (also: NO_COLOR=1)")
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ outputError: (text, write) => write(commanderErrorLine(text)) });
  configureHelpText(program);
  program.addHelpText("after", epilogue("skillsign") ?? "");
  program.hook("preAction", (_hooked, action) => applyGlobalFlags(program, action));
  const loaded = new Set<Register>();
  for (const entry of COMMANDS) {
    if (names && !names.includes(entry.name)) continue;
    const register = await entry.load();
    if (!loaded.has(register)) register(program);
    loaded.add(register);
  }
  const real = new Set(program.commands.map((c) => c.name()));
  for (const entry of COMMANDS) if (!real.has(entry.name)) program.command(entry.name).description(entry.summary);
  const order = COMMANDS.map((e) => e.name);
  (program.commands as Command[]).sort((a, b) => order.indexOf(a.name()) - order.indexOf(b.name()));
  for (const cmd of program.commands) if (real.has(cmd.name())) addEpilogue(cmd);
  return program;
}

/** `--quiet`, `--no-color` and `.skillsign.yaml`, applied before the command's action runs. */
async function applyGlobalFlags(program: Command, action: Command): Promise<void> {
  const { applyConfig, findConfigFile, loadConfigFile } = await import("./config-file.js");
  const file = findConfigFile();
  const chain: Command[] = [];
  for (let c: Command | null = action; c; c = c.parent) chain.push(c);
  if (file) applyConfig(await loadConfigFile(file), chain);
  const global = program.opts<{ quiet?: boolean; color?: boolean }>();
  if (global.color === false) process.env.NO_COLOR = "1";
  if (global.quiet) {
    process.env.SKILLSIGN_QUIET = "1";
    silence(process.stdout);
  }
}

/**
 * Runs the CLI and returns the exit code. Commands set `process.exitCode` themselves; errors
 * become one line on stderr, never a stack trace. The message is redacted because it may quote
 * outside values (paths, skill content, tool output); SKILLSIGN_DEBUG=1 adds the stack frames,
 * which are skillsign's own code locations and are printed as they are.
 */
export async function main(argv: string[]): Promise<number> {
  watchClosedPipes();
  exitOnSignals();
  const code = await run(argv);
  if (pipeClosed()) return CLOSED_PIPE_EXIT;
  const failure = stdoutFailure();
  if (failure) {
    process.stderr.write(`skillsign: error [OUTPUT_FAILED]: cannot write to stdout: ${failure.code ?? failure.message}\n`);
    return EXIT.internal;
  }
  return code;
}

async function run(argv: string[]): Promise<number> {
  try {
    const name = commandName(argv.slice(2));
    const known = COMMANDS.some((e) => e.name === name);
    const program = await buildProgram(known ? [name!] : []);
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    // help and version are "errors" to commander with exit code 0; its message is already printed.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : exitCodeFor(err);
    process.stderr.write(`skillsign: ${redactText(describeError(err))}\n`);
    if (process.env.SKILLSIGN_DEBUG === "1" && err instanceof Error) process.stderr.write(`${stackFrames(err)}\n`);
    return exitCodeFor(err);
  }
}

/** The `at …` lines only: the message above them was already printed, redacted. */
function stackFrames(err: Error): string {
  return (err.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l)).join("\n");
}
