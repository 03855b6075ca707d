import { parse as parseToml } from "smol-toml";
import type { ParsedManifests } from "../dependency.types.js";

/** A TOML manifest's top table, or undefined after recording why it cannot be read. */
export function readToml(file: string, text: string, into: ParsedManifests): Record<string, unknown> | undefined {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    into.unreadable.push({ file, why: `not valid TOML (${(err as Error).message.split("\n")[0]})` });
    return undefined;
  }
}
