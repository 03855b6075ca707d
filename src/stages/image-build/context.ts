import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
export function writeBuildContext(snap: Snapshot, dockerfile: string): BuildContext {
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
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { dir, entries, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
