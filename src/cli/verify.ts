import type { Command } from "commander";
import { InternalError } from "../errors.js";

// Placeholder: the command exists so help is complete; it fails closed until built.
export function registerVerify(program: Command): void {
  program
    .command("verify")
    .description("(not implemented yet)")
    .allowUnknownOption()
    .action(() => {
      throw new InternalError("INTERNAL_ERROR", "the verify command is not implemented yet");
    });
}
