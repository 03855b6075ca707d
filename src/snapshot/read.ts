import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Snapshot } from "./snapshot.types.js";

export type DecodedText = { ok: true; text: string } | { ok: false; reason: "binary" | "invalid-utf8" };

/**
 * Reads a snapshot file as text. Files with NUL bytes count as binary; others must be strict
 * UTF-8 (a leading BOM is dropped), so broken encodings surface as findings instead of mojibake.
 */
export function readSnapshotText(snap: Snapshot, relPath: string): DecodedText {
  const bytes = snap.contents?.get(relPath) ?? readFileSync(join(snap.root, relPath));
  if (bytes.includes(0)) return { ok: false, reason: "binary" };
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text };
  } catch {
    return { ok: false, reason: "invalid-utf8" };
  }
}
