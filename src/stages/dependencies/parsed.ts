import type { Ecosystem, ParsedManifests } from "./dependency.types.js";

export function emptyParsed(): ParsedManifests {
  return { dependencies: [], installScripts: [], sourceOptions: [], unreadable: [] };
}

export function normaliseName(ecosystem: Ecosystem, name: string): string {
  const lower = name.trim().toLowerCase();
  return ecosystem === "pypi" ? lower.replace(/[-_.]+/g, "-") : lower;
}

/** 1-based line of the first occurrence of `needle` in `text`, if any. */
export function lineOf(text: string, needle: string, from = 0): number | undefined {
  const at = text.indexOf(needle, from);
  if (at < 0) return undefined;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
