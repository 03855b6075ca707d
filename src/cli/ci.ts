import type { Command } from "commander";
import { InternalError } from "../errors.js";

// Placeholder: the command exists so help is complete; it fails closed until built.
export function registerCi(program: Command): void {
  program
    .command("ci")
    .description("(not implemented yet)")
    .allowUnknownOption()
    .action(() => {
      throw new InternalError("INTERNAL_ERROR", "the ci command is not implemented yet");
    });
}
