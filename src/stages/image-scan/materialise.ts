import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Snapshot } from "../../snapshot/snapshot.types.js";

/** The directory `trivy fs` scans: the snapshot's root, or a temp copy of an in-memory snapshot. */
export function materialise(snap: Snapshot): { dir: string; dispose(): void } {
  if (snap.root) return { dir: snap.root, dispose: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), `skillsign-scan-${process.pid}-`));
  for (const f of snap.files) {
    const abs = join(dir, f.path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, snap.contents?.get(f.path) ?? Buffer.alloc(0));
  }
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
