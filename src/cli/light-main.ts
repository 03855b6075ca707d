import { Command, CommanderError } from "commander";
import { redactText } from "../redact.js";
import { describeError, exitCodeFor } from "./exit-codes.js";
import { registerInstall } from "./install.js";
import { registerVerify } from "./verify.js";

/** Commands a runtime calls at boot: they must not load Docker, SSH, PostgreSQL or SQLite modules. */
export const LIGHT_COMMANDS = new Set(["verify", "install"]);

/**
 * The light entry (bin/skillsign.js routes `verify` and `install` here): only what verification
 * needs is imported, so it starts fast and runs under a small address-space limit (ulimit -v).
 * Errors print one redacted line, like main.ts.
 */
export async function lightMain(argv: string[]): Promise<number> {
  // No --version here: reading package.json costs start-up time a boot check does not need.
  const program = new Command("skillsign").exitOverride().showHelpAfterError(false);
  registerVerify(program);
  registerInstall(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : exitCodeFor(err);
    process.stderr.write(`skillsign: ${redactText(describeError(err))}\n`);
    if (process.env.SKILLSIGN_DEBUG === "1" && err instanceof Error) process.stderr.write(`${err.stack ?? ""}\n`);
    return exitCodeFor(err);
  }
}
