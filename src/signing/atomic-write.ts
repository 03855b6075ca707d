import { randomBytes } from "node:crypto";
import { constants as fsc } from "node:fs";
import { lstat, open, rename, rm } from "node:fs/promises";
import { UsageError } from "../errors.js";

/**
 * Writes via a fresh temporary file in the same folder (O_CREAT|O_EXCL|O_NOFOLLOW: never an
 * existing file or a planted symlink) and rename(), which replaces a directory entry without
 * following it. A crash never leaves half a file; a symlink at `path` is replaced, not written through.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const tmp = `${path}.tmp-${randomBytes(6).toString("hex")}`;
  try {
    const handle = await open(tmp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW, mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes a signature file beside a skill folder the submitter controls. Anything but a regular
 * file (or nothing) at that path is refused: a symlink planted there (e.g. in a pull request) must
 * neither be followed nor silently replaced.
 */
export async function writeSignatureFile(path: string, data: string): Promise<void> {
  const st = await lstat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return undefined;
    throw err;
  });
  if (st && !st.isFile()) {
    throw new UsageError("USAGE_ERROR", `refusing to write the signature: ${path} is ${st.isSymbolicLink() ? "a symbolic link" : "not a regular file"}`);
  }
  await writeFileAtomic(path, data);
}
