import { Command, CommanderError } from "commander";
import { redactText } from "../redact.js";
import { describeError, exitCodeFor } from "./exit-codes.js";
import { registerCi } from "./ci.js";
import { registerDoctor } from "./doctor.js";
import { registerInstall } from "./install.js";
import { registerKeys } from "./keys.js";
import { registerTrust } from "./trust.js";
import { registerReview } from "./review.js";
import { registerScan } from "./scan.js";
import { registerSetup } from "./setup.js";
import { registerSign } from "./sign.js";
import { registerStatus } from "./status.js";
import { registerSubmit } from "./submit.js";
import { registerVerify } from "./verify.js";
import { VERSION } from "../version.js";

export function buildProgram(): Command {
  const program = new Command("skillsign")
    .description("Vet agent skills before a marketplace publishes them, and sign the ones it accepts.")
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError(false);
  for (const register of [
    registerScan,
    registerSubmit,
    registerCi,
    registerReview,
    registerStatus,
    registerSign,
    registerVerify,
    registerInstall,
    registerKeys,
    registerTrust,
    registerSetup,
    registerDoctor,
  ]) {
    register(program);
  }
  return program;
}

/**
 * Runs the CLI and returns the exit code. Commands set `process.exitCode` themselves;
 * errors become one redacted line on stderr, never a stack trace (SKILLSIGN_DEBUG=1 shows it).
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version are "errors" to commander with exit code 0.
      return err.exitCode === 0 ? 0 : exitCodeFor(err);
    }
    process.stderr.write(`skillsign: ${redactText(describeError(err))}\n`);
    if (process.env.SKILLSIGN_DEBUG === "1" && err instanceof Error) process.stderr.write(`${redactText(err.stack ?? "")}\n`);
    return exitCodeFor(err);
  }
}
