import { createWriteStream } from "node:fs";
import * as fs from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import { errorMessage } from "../../errors.js";
import { assertSafeRelativePath, printable } from "../../snapshot/paths.js";
import { DEFAULT_LIMITS, type SnapshotLimits } from "../../snapshot/limits.js";
import { ServiceError } from "../errors.js";

/**
 * Unpacks an uploaded tar.gz into an empty folder under the snapshot's limits, refusing instead of
 * trusting: only regular files and folders (no symlinks, hard links, devices), no absolute or `..`
 * paths, no entry twice, and the gunzip output is counted as it streams, so a gzip bomb stops at
 * the byte limit instead of filling the disk.
 */
export async function extractUpload(archive: Buffer, into: string, limits: SnapshotLimits = DEFAULT_LIMITS): Promise<void> {
  if (archive.length < 2 || archive[0] !== 0x1f || archive[1] !== 0x8b) refuse("NOT_GZIP", "the body is not gzip data (send a .tar.gz of one skill folder)");
  // Tar headers and padding cost up to ~1 KiB per entry on top of the file bytes.
  const maxTarBytes = limits.maxTotalBytes + (limits.maxFiles * 2 + 16) * 1024;
  let inflated = 0;
  const gunzip = createGunzip();
  gunzip.on("data", (chunk: Buffer) => {
    inflated += chunk.length;
    if (inflated > maxTarBytes) gunzip.destroy(new ServiceError("UPLOAD_TOO_LARGE", `the archive unpacks to more than ${maxTarBytes} bytes (limit: ${limits.maxTotalBytes} bytes of files)`));
  });
  const extract = tar.extract();
  const seen = new Set<string>();
  let files = 0;
  let entries = 0;
  let total = 0;
  const consume = (async () => {
    for await (const entry of extract) {
      const h = entry.header;
      const rel = entryPath(h.name);
      if (++entries > limits.maxFiles * 2) refuse("TOO_MANY_FILES", `more than ${limits.maxFiles * 2} files and folders in the archive`);
      if (rel === undefined) {
        entry.resume();
        continue;
      }
      if (seen.has(rel)) refuse("DUPLICATE_ENTRY", `${printable(rel)} appears twice in the archive`);
      seen.add(rel);
      if (rel.split("/").length > limits.maxDepth + 1) refuse("TOO_DEEP", `${printable(rel)} is nested deeper than ${limits.maxDepth} folders`);
      if (h.type === "directory") {
        await fs.mkdir(join(into, rel), { recursive: true, mode: 0o755 });
        entry.resume();
      } else if (h.type === "file" || h.type === "contiguous-file") {
        if (++files > limits.maxFiles) refuse("TOO_MANY_FILES", `more than ${limits.maxFiles} files in the archive`);
        const size = h.size ?? 0;
        if (size > limits.maxFileBytes) refuse("FILE_SIZE_LIMIT", `${printable(rel)} is ${size} bytes; the limit for one file is ${limits.maxFileBytes}`);
        total += size;
        if (total > limits.maxTotalBytes) refuse("TOTAL_SIZE_LIMIT", `the files add up to more than ${limits.maxTotalBytes} bytes`);
        await fs.mkdir(dirname(join(into, rel)), { recursive: true, mode: 0o755 });
        // wx: never overwrite or follow anything already there.
        const out = createWriteStream(join(into, rel), { flags: "wx", mode: (h.mode ?? 0o644) & 0o111 ? 0o755 : 0o644 });
        await pipeline(entry, out);
      } else {
        const what = h.type === "symlink" ? "symbolic link" : h.type === "link" ? "hard link" : `${h.type} entry`;
        refuse(h.type === "symlink" || h.type === "link" ? "LINK" : "SPECIAL_FILE", `${printable(rel)} is a ${what}; only regular files and folders are accepted`);
      }
    }
  })();
  try {
    await Promise.all([pipeline(Readable.from([archive]), gunzip, extract), consume]);
  } catch (err) {
    extract.destroy();
    gunzip.destroy();
    await consume.catch(() => undefined);
    if (err instanceof ServiceError) throw err;
    throw new ServiceError("UPLOAD_REFUSED", `not a readable tar.gz: ${errorMessage(err)}`, err);
  }
}

/** The entry's path relative to the archive root ("./" stripped); undefined for the root itself. */
function entryPath(name: string): string | undefined {
  const rel = name.replace(/^(\.\/)+/, "").replace(/\/+$/, "");
  if (rel === "" || rel === ".") return undefined;
  try {
    assertSafeRelativePath(rel);
  } catch (err) {
    refuse("PATH_TRAVERSAL", errorMessage(err));
  }
  return rel;
}

function refuse(reason: string, message: string): never {
  throw new ServiceError(reason.endsWith("LIMIT") || reason === "TOO_MANY_FILES" ? "UPLOAD_TOO_LARGE" : "UPLOAD_REFUSED", `upload refused (${reason}): ${message}`);
}
