import * as fs from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errorMessage } from "../../errors.js";
import { SnapshotError } from "../../snapshot/error.js";
import { takeSnapshot } from "../../snapshot/snapshot.js";
import type { Snapshot } from "../../snapshot/snapshot.types.js";
import { ServiceError } from "../errors.js";
import { extractUpload } from "./extract.js";

export interface Materialised {
  /** The skill folder inside the private temp dir. */
  skillDir: string;
  /** Removes everything that was written. */
  cleanup(): Promise<void>;
}

/**
 * Unpacks an upload into a private (0700) temp dir and finds the skill: SKILL.md at the archive's
 * top, or inside its single top-level folder. On any refusal nothing is left behind.
 */
export async function materialiseUpload(archive: Buffer, parent = tmpdir()): Promise<Materialised> {
  const base = await fs.mkdtemp(join(parent, "skillsign-upload-"));
  const cleanup = () => fs.rm(base, { recursive: true, force: true });
  try {
    const root = join(base, "skill");
    await fs.mkdir(root, { mode: 0o700 });
    await extractUpload(archive, root);
    return { skillDir: await skillFolder(root), cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function skillFolder(root: string): Promise<string> {
  const names = await fs.readdir(root);
  if (names.some((n) => n.toLowerCase() === "skill.md")) return root;
  if (names.length === 1) {
    const only = join(root, names[0]!);
    if ((await fs.lstat(only)).isDirectory()) return only;
  }
  throw new ServiceError("UPLOAD_REFUSED", "upload refused (MISSING_SKILL_MD): no SKILL.md at the top of the archive or of its single folder");
}

/**
 * The dry run before anything is recorded: unpack, then the snapshot's own walk (NFC names, case
 * collisions, limits, SKILL.md) on the result, in memory; the temp dir is always removed.
 */
export async function validateUpload(archive: Buffer, parent?: string): Promise<Snapshot> {
  const m = await materialiseUpload(archive, parent);
  try {
    return await takeSnapshot(m.skillDir);
  } catch (err) {
    if (err instanceof SnapshotError) throw new ServiceError("UPLOAD_REFUSED", `upload refused (${err.code}): ${errorMessage(err)}`, err);
    throw err;
  } finally {
    await m.cleanup();
  }
}
