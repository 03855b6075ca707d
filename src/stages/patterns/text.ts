import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readSnapshotText } from "../../snapshot/read.js";
import type { Snapshot } from "../../snapshot/snapshot.types.js";
import { mapMarkdown, type MarkdownMap } from "./markdown.js";

export type FileKind = "prose" | "code";

/** One text file prepared for scanning: the text, where its lines start, and (for prose) its Markdown shape. */
export interface ScanDoc {
  path: string;
  kind: FileKind;
  text: string;
  lineStarts: number[];
  md?: MarkdownMap;
  /** A test-folder file the skill's instructions tell the agent to run (not lowered as a fixture). */
  toldToRun?: boolean;
  /** A data file (JSON/YAML/CSV under references/, assets/ …) SKILL.md does not tell the agent to follow, or a licence text (location.ts). */
  dataFile?: boolean;
}

export type LoadedDoc = { kind: "text"; doc: ScanDoc; lossy: boolean } | { kind: "binary" };

const PROSE_EXT = /\.(md|markdown|mdx|txt|rst|adoc|html?|text)$/i;

export function fileKind(path: string): FileKind {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return PROSE_EXT.test(name) || !name.includes(".") ? "prose" : "code";
}

/** Reads a snapshot file; broken UTF-8 is decoded lossily (and flagged by the caller), binary files are skipped. */
export function loadDoc(snap: Snapshot, path: string): LoadedDoc {
  const decoded = readSnapshotText(snap, path);
  if (decoded.ok) return { kind: "text", doc: makeDoc(path, decoded.text), lossy: false };
  if (decoded.reason === "binary") return { kind: "binary" };
  const lossy = new TextDecoder("utf-8", { fatal: false }).decode(readFileSync(join(snap.root, path)));
  return { kind: "text", doc: makeDoc(path, lossy), lossy: true };
}

export function makeDoc(path: string, rawText: string, kind: FileKind = fileKind(path)): ScanDoc {
  const text = rawText.replace(/\r\n?/g, "\n");
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  return { path, kind, text, lineStarts, md: kind === "prose" ? mapMarkdown(text, lineStarts) : undefined };
}

/** 1-based line number of a character offset. */
export function lineOf(doc: ScanDoc, index: number): number {
  let lo = 0;
  let hi = doc.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.lineStarts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** The text of a 1-based line, without its newline. */
export function lineText(doc: ScanDoc, line: number): string {
  const start = doc.lineStarts[line - 1] ?? doc.text.length;
  const next = doc.lineStarts[line];
  return doc.text.slice(start, next === undefined ? doc.text.length : next - 1);
}
