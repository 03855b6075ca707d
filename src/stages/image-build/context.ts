import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Snapshot } from "../../snapshot/snapshot.types.js";
import { OFFLINE_INSTALLER_PY } from "./installer-script.js";

/** `<prefix><pid>-XXXXXX`: the sweep removes contexts whose process is gone (sandbox/sweep.ts). */
export const BUILD_CONTEXT_PREFIX = "skillsign-build-";

export interface BuildContext {
  dir: string;
  /** Every path in the context, relative to dir (the tar stream lists exactly these). */
  entries: string[];
  dispose(): void;
}

/**
 * Writes a fresh build context from the snapshot (never from the user's folder):
 * Dockerfile, the skill under skill/, and our offline installer under skillsign/.
 */
export function writeBuildContext(snap: Snapshot, dockerfile: string, prefetchDir?: string): BuildContext {
  const dir = mkdtempSync(join(tmpdir(), `${BUILD_CONTEXT_PREFIX}${process.pid}-`));
  const entries: string[] = [];
  const put = (rel: string, bytes: Buffer | string, mode: number) => {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, bytes);
    chmodSync(abs, mode);
    entries.push(rel);
  };
  try {
    put("Dockerfile", dockerfile, 0o644);
    put("skillsign/offline-install.py", OFFLINE_INSTALLER_PY, 0o644);
    for (const f of snap.files) {
      const bytes = snap.contents?.get(f.path) ?? readFileSync(join(snap.root, f.path));
      put(`skill/${f.path}`, bytes, f.executable ? 0o755 : 0o644);
    }
    // Prefetched wheels and npm caches (prefetch/<step>/...); .keep so the COPY always has a source.
    put("prefetch/.keep", "", 0o644);
    if (prefetchDir) {
      cpSync(prefetchDir, join(dir, "prefetch"), { recursive: true });
      for (const rel of filesUnder(join(dir, "prefetch"))) entries.push(`prefetch/${rel}`);
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { dir, entries, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function filesUnder(root: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(join(e.parentPath, e.name).slice(root.length + 1));
  }
  return out.filter((r) => r !== ".keep");
}
