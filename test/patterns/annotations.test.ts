import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readPatternDb } from "../../src/stages/patterns/load.js";
import { matchDoc } from "../../src/stages/patterns/match.js";
import { makeDoc } from "../../src/stages/patterns/text.js";

// STYLE.md §12: `ruleid: <id>` above a line that must match, `ok: <id>` above one that must not.
const ROOT = join(import.meta.dirname, "..", "..");
const ANNOTATED = join(ROOT, "test", "fixtures", "patterns");
const ANNOTATION = /^\s*(?:#|<!--|\/\/)\s*(ruleid|ok):\s*([a-z0-9][a-z0-9, -]*?)\s*(?:-->)?\s*$/;

const db = readPatternDb(join(ROOT, "patterns"));

interface Annotation {
  kind: "ruleid" | "ok";
  id: string;
  /** 1-based line the annotation applies to (the one below it). */
  target: number;
}

function parseAnnotations(text: string): { annotations: Annotation[]; annotationLines: Set<number> } {
  const annotations: Annotation[] = [];
  const annotationLines = new Set<number>();
  text.split("\n").forEach((line, i) => {
    const m = ANNOTATION.exec(line);
    if (!m) return;
    annotationLines.add(i + 1);
    for (const id of m[2]!.split(",").map((s) => s.trim()).filter(Boolean)) {
      annotations.push({ kind: m[1] as Annotation["kind"], id, target: i + 2 });
    }
  });
  return { annotations, annotationLines };
}

const files = readdirSync(ANNOTATED).sort();
const all: Annotation[] = [];

describe.each(files)("annotated cases in %s", (file) => {
  const text = readFileSync(join(ANNOTATED, file), "utf8");
  const { annotations, annotationLines } = parseAnnotations(text);
  all.push(...annotations);
  const matches = matchDoc(db.patterns, makeDoc(file, text));
  const hits = new Set(matches.map((m) => `${m.pattern.entry.id}@${m.line}`));

  it("names only pattern ids that exist", () => {
    expect(annotations.filter((a) => !db.byId.has(a.id)).map((a) => a.id)).toEqual([]);
  });

  it.each(annotations.map((a) => [`${a.kind}: ${a.id} (line ${a.target})`, a] as const))("%s", (_label, a) => {
    expect(hits.has(`${a.id}@${a.target}`)).toBe(a.kind === "ruleid");
  });

  it("has no matches that are not annotated with ruleid", () => {
    const expected = new Set(annotations.filter((a) => a.kind === "ruleid").map((a) => `${a.id}@${a.target}`));
    const unexpected = matches.filter((m) => !annotationLines.has(m.line) && !expected.has(`${m.pattern.entry.id}@${m.line}`));
    expect(unexpected.map((m) => `${m.pattern.entry.id}@${m.line}`)).toEqual([]);
  });
});

describe("coverage of the annotated cases", () => {
  it("has at least one ruleid and one ok case for every pattern id", () => {
    const missing: string[] = [];
    for (const id of db.byId.keys()) {
      if (!all.some((a) => a.id === id && a.kind === "ruleid")) missing.push(`${id}: no ruleid`);
      if (!all.some((a) => a.id === id && a.kind === "ok")) missing.push(`${id}: no ok`);
    }
    expect(missing).toEqual([]);
  });
});
