import { redactText } from "../redact.js";
import { commanderErrorLine, describeError, exitCodeFor } from "./exit-codes.js";
import { runInstall } from "./install.js";
import { parseLightArgs } from "./light-args.js";
import { runVerify } from "./verify.js";

/** Commands a runtime calls at boot: they must not load Docker, SSH, PostgreSQL or SQLite modules. */
export const LIGHT_COMMANDS = new Set(["verify", "install"]);

/**
 * The light entry (bin/skillsign.js routes `verify` and `install` here): only what verification
 * needs is imported, so it starts fast and runs under a small address-space limit (ulimit -v).
 * The usual argv forms are read by light-args.ts; help and anything unusual go to commander,
 * loaded only then. Errors print one redacted line, like main.ts.
 */
export async function lightMain(argv: string[]): Promise<number> {
  try {
    const args = parseLightArgs(argv.slice(2));
    if (!args) return await withCommander(argv);
    if (args.command === "install") await runInstall(args.dir!, args.flags as { into: string });
    else await runVerify(args.dir, args.flags);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    process.stderr.write(`skillsign: ${redactText(describeError(err))}\n`);
    if (process.env.SKILLSIGN_DEBUG === "1" && err instanceof Error) process.stderr.write(`${err.stack ?? ""}\n`);
    return exitCodeFor(err);
  }
}

async function withCommander(argv: string[]): Promise<number> {
  // No --version here: reading package.json costs start-up time a boot check does not need.
  const { Command, CommanderError } = await import("commander");
  const program = new Command("skillsign")
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ outputError: (text, write) => write(commanderErrorLine(text)) });
  (await import("./verify.js")).registerVerify(program);
  (await import("./install.js")).registerInstall(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : exitCodeFor(err);
    throw err;
  }
}
