import { closeSync, readdirSync, type Dirent } from "node:fs";
import { join } from "node:path";
import type { Finding } from "../findings.types.js";
import { sha256Hex } from "./content-hash.js";
import { detectArchive } from "./archive.js";
import { SnapshotError } from "./error.js";
import type { SnapshotLimits } from "./limits.js";
import { assertSafeRelativePath, caseFold, decodeName, printable } from "./paths.js";
import { fdPath, openNoFollow, readFd, type OpenedFile } from "./read-fd.js";
import type { FileEntry } from "./snapshot.types.js";

export interface ReadFile {
  entry: FileEntry;
  content: Buffer;
}

/**
 * Walks a skill folder and reads every file once. Directory listings carry each entry's type
 * (Node lstat()s entries whose type the file system does not report), so no lstat per entry;
 * every file is then opened with O_NOFOLLOW and checked on its open descriptor, so what is
 * hashed is exactly what was read (no time-of-check/time-of-use gap). The syscalls are
 * synchronous: thread-pool round trips per file were most of verify --all's time (issue 11).
 */
export class Walker {
  readonly files: ReadFile[] = [];
  readonly notes: Finding[] = [];
  private totalBytes = 0;
  /** Files and folders seen: empty folders cost nothing to hash but still cost a walk. */
  private entries = 0;
  private readonly folded = new Map<string, string>();

  constructor(
    private readonly base: string,
    /** The folder's real path: every opened file must still be under it (a parent swapped for a symlink is caught). */
    private readonly realBase: string,
    private readonly limits: SnapshotLimits,
  ) {}

  async walk(relDir: string, depth: number): Promise<void> {
    if (depth > this.limits.maxDepth) {
      throw new SnapshotError("TOO_DEEP", `folders nested deeper than ${this.limits.maxDepth} levels at ${printable(relDir)}`, relDir);
    }
    const absDir = join(this.base, relDir);
    let dirents: Dirent<Buffer>[];
    try {
      dirents = readdirSync(absDir, { encoding: "buffer", withFileTypes: true });
    } catch (err) {
      throw new SnapshotError("UNREADABLE", `cannot list folder ${printable(relDir || ".")}: ${code(err)}`, relDir, err);
    }
    this.entries += dirents.length;
    if (this.entries > this.limits.maxFiles * 2) {
      throw new SnapshotError("TOO_MANY_FILES", `more than ${this.limits.maxFiles * 2} files and folders in the skill (at ${printable(relDir || ".")})`, relDir);
    }
    for (const d of dirents) {
      const name = decodeName(d.name, relDir);
      const rel = relDir ? `${relDir}/${name}` : name;
      assertSafeRelativePath(rel);
      this.checkCaseCollision(rel);
      if (d.isSymbolicLink()) {
        throw new SnapshotError("SYMLINK", `symbolic links are not allowed: ${printable(rel)} (a link can point outside the skill)`, rel);
      } else if (d.isDirectory()) {
        await this.walk(rel, depth + 1);
      } else if (d.isFile()) {
        await this.readFile(rel, join(absDir, name));
      } else {
        throw new SnapshotError("SPECIAL_FILE", `devices, FIFOs and sockets are not allowed: ${printable(rel)}`, rel);
      }
    }
  }

  private checkCaseCollision(rel: string): void {
    const key = caseFold(rel);
    const other = this.folded.get(key);
    if (other !== undefined) {
      throw new SnapshotError(
        "CASE_COLLISION",
        `${printable(rel)} and ${printable(other)} differ only in letter case; on case-insensitive systems one would overwrite the other`,
        rel,
      );
    }
    this.folded.set(key, rel);
  }

  private async readFile(rel: string, abs: string): Promise<void> {
    if (this.files.length + 1 > this.limits.maxFiles) {
      throw new SnapshotError("TOO_MANY_FILES", `more than ${this.limits.maxFiles} files in the skill`, rel);
    }
    let file: OpenedFile;
    try {
      file = openNoFollow(abs);
    } catch (err) {
      if (code(err) === "ELOOP") throw new SnapshotError("SYMLINK", `symbolic links are not allowed: ${printable(rel)}`, rel, err);
      throw new SnapshotError("UNREADABLE", `cannot open ${printable(rel)}: ${code(err)}`, rel, err);
    }
    try {
      // Linux names the file an fd really points at; elsewhere O_NOFOLLOW and the type checks must do.
      const actual = fdPath(file.fd);
      if (actual !== undefined && actual !== join(this.realBase, rel)) {
        throw new SnapshotError("UNREADABLE", `${printable(rel)} changed while the skill was being copied (it no longer resolves inside the skill folder)`, rel);
      }
      const st = file.stat;
      if (!st.isFile()) throw new SnapshotError("SPECIAL_FILE", `not a regular file: ${printable(rel)}`, rel);
      if (st.nlink > 1) {
        throw new SnapshotError("HARDLINK", `hard links are not allowed: ${printable(rel)} has ${st.nlink} names`, rel);
      }
      if (st.size > this.limits.maxFileBytes) {
        throw new SnapshotError("FILE_SIZE_LIMIT", `${printable(rel)} is ${st.size} bytes; the limit for one file is ${this.limits.maxFileBytes}`, rel);
      }
      if (this.totalBytes + st.size > this.limits.maxTotalBytes) {
        throw new SnapshotError("TOTAL_SIZE_LIMIT", `the skill is larger than ${this.limits.maxTotalBytes} bytes`, rel);
      }
      const content = await readFd(file.fd, st.size, this.limits.maxFileBytes).catch((err: unknown) => {
        throw new SnapshotError("UNREADABLE", `cannot read ${printable(rel)}: ${code(err)}`, rel, err);
      });
      if (content === "too-large") {
        throw new SnapshotError("FILE_SIZE_LIMIT", `${printable(rel)} grew past the one-file limit while being read`, rel);
      }
      if (this.totalBytes + content.length > this.limits.maxTotalBytes) {
        throw new SnapshotError("TOTAL_SIZE_LIMIT", `the skill is larger than ${this.limits.maxTotalBytes} bytes`, rel);
      }
      this.totalBytes += content.length;
      const executable = (st.mode & 0o111) !== 0;
      this.files.push({ entry: { path: rel, size: content.length, executable, sha256: sha256Hex(content) }, content });
      const archive = detectArchive(rel, content.subarray(0, 512));
      if (archive) this.notes.push(archive);
    } finally {
      closeSync(file.fd);
    }
  }
}

export function code(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? String(err);
}
