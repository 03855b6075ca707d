import type { Command } from "commander";
import { InternalError } from "../errors.js";

// Placeholder: the command exists so help is complete; it fails closed until built.
export function registerKeys(program: Command): void {
  program
    .command("keys")
    .description("(not implemented yet)")
    .allowUnknownOption()
    .action(() => {
      throw new InternalError("INTERNAL_ERROR", "the keys command is not implemented yet");
    });
}
