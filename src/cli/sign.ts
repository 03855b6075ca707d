import type { Command } from "commander";
import { InternalError } from "../errors.js";

// Placeholder: the command exists so help is complete; it fails closed until built.
export function registerSign(program: Command): void {
  program
    .command("sign")
    .description("(not implemented yet)")
    .allowUnknownOption()
    .action(() => {
      throw new InternalError("INTERNAL_ERROR", "the sign command is not implemented yet");
    });
}
