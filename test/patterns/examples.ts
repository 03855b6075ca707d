import type { CompiledPattern } from "../../src/stages/patterns/load.js";
import { matchDoc } from "../../src/stages/patterns/match.js";
import { makeDoc } from "../../src/stages/patterns/text.js";

/** Runs one pattern over one example text, as prose unless the pattern is for code only. */
export function exampleMatches(p: CompiledPattern, text: string): boolean {
  const kind = p.entry.applies_to === "code" ? "code" : "prose";
  return matchDoc([p], makeDoc(kind === "code" ? "example.sh" : "example.md", text, kind)).length > 0;
}
