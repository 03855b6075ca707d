import { randomBytes } from "node:crypto";
import { constants as fsc } from "node:fs";
import { lstat, mkdir, open, rename, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { InternalError, UsageError } from "../errors.js";
import { writeFileAtomic } from "./atomic-write.js";
import { pipLockText } from "./dependency-lock.js";
import { SKILL_NAME } from "./trust.js";
import { verifySkill } from "./verify.js";
import type { VerifyOptions, VerifyResult } from "./verify.types.js";

export interface InstallResult {
  result: VerifyResult;
  /** Where the verified skill now is (only when result.ok). */
  installedAt?: string;
  /** `<installedAt>.requirements.txt`: the signed PyPI dependencies, hash-pinned (when it signs any). */
  dependencyLock?: string;
}

/**
 * Verifies a skill and places exactly the verified bytes (held in memory since hashing) at
 * `INTO/<name>`, with `INTO/<name>.skillsig.json` beside it and, when the statement signs PyPI
 * dependencies, `INTO/<name>.requirements.txt` (hash-pinned: install them with exactly that). Nothing is read from the source
 * after verification, so a file swapped in meanwhile is never installed. The folder is built
 * under a temporary name and renamed into place; empty folders and mode bits other than
 * "executable" are not signed and not reproduced (files are 0644 or 0755).
 */
export async function installSkill(source: string, into: string, options: VerifyOptions = {}): Promise<InstallResult> {
  const result = await verifySkill(source, options);
  if (!result.ok || !result.verified || !result.skill) return { result };
  const name = result.skill.name;
  if (!SKILL_NAME.test(name)) throw new UsageError("USAGE_ERROR", `cannot install a skill named ${JSON.stringify(name)} (not a plain folder name)`);
  const target = resolve(into, name);
  await mkdir(resolve(into), { recursive: true });
  const existing = await lstat(target).catch(() => undefined);
  if (existing && (!existing.isDirectory() || existing.isSymbolicLink())) {
    throw new UsageError("USAGE_ERROR", `refusing to replace ${target}: it is not a plain folder`);
  }
  const lock = pipLockText(result.verified.dependencies, name);
  const staging = join(resolve(into), `.skillsign-install-${randomBytes(6).toString("hex")}`);
  try {
    await mkdir(staging, { mode: 0o755 });
    for (const f of result.verified.files) {
      const bytes = result.verified.contents.get(f.path);
      if (!bytes) throw new InternalError("INTERNAL_ERROR", `verified contents lack ${f.path}`);
      const path = join(staging, ...f.path.split("/"));
      await mkdir(dirname(path), { recursive: true, mode: 0o755 });
      const handle = await open(path, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW, f.executable ? 0o755 : 0o644);
      try {
        await handle.writeFile(bytes);
        await handle.chmod(f.executable ? 0o755 : 0o644);
      } finally {
        await handle.close();
      }
    }
    const old = existing ? join(resolve(into), `.skillsign-old-${randomBytes(6).toString("hex")}`) : undefined;
    if (old) await rename(target, old);
    await rename(staging, target);
    await writeFileAtomic(`${target}.skillsig.json`, result.verified.envelope);
    // Beside the folder, not in it: the folder holds exactly the signed files.
    if (lock !== undefined) await writeFileAtomic(`${target}.requirements.txt`, Buffer.from(lock));
    else await rm(`${target}.requirements.txt`, { force: true });
    if (old) await rm(old, { recursive: true, force: true });
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  return { result, installedAt: target, ...(lock !== undefined ? { dependencyLock: `${target}.requirements.txt` } : {}) };
}
