import { constants as fsc } from "node:fs";
import * as fs from "node:fs/promises";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import type { Finding } from "../findings.types.js";
import { contentHash, sha256Hex } from "./content-hash.js";
import { detectArchive } from "./archive.js";
import { SnapshotError } from "./error.js";
import { DEFAULT_LIMITS, type SnapshotLimits } from "./limits.js";
import { assertSafeRelativePath, caseFold, compareUtf8, decodeName, printable } from "./paths.js";
import type { FileEntry, Snapshot } from "./snapshot.types.js";

export interface SnapshotOptions {
  /**
   * Parent of the content-addressed copies, normally $SKILLSIGN_HOME/snapshots. Without it the
   * snapshot stays in memory (verify only hashes and reads SKILL.md: no copy needed).
   */
  storeDir?: string;
  limits?: Partial<SnapshotLimits>;
}

interface ReadFile {
  entry: FileEntry;
  content: Buffer;
}

/**
 * Copies a skill folder into a private, content-addressed, read-only directory.
 * Every file is opened with O_NOFOLLOW and checked on its open descriptor, so what is
 * hashed is exactly what is copied (no time-of-check/time-of-use gap). Later stages
 * read only the copy.
 */
export async function takeSnapshot(skillDir: string, options: SnapshotOptions = {}): Promise<Snapshot> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const sourcePath = resolve(skillDir);
  const rootStat = await fs.lstat(sourcePath).catch((err: unknown) => {
    throw new SnapshotError("NOT_A_DIRECTORY", `cannot read skill folder ${sourcePath}: ${code(err)}`, undefined, err);
  });
  if (rootStat.isSymbolicLink()) {
    throw new SnapshotError("SYMLINK", `the skill folder itself is a symbolic link: ${sourcePath}`);
  }
  if (!rootStat.isDirectory()) {
    throw new SnapshotError("NOT_A_DIRECTORY", `not a folder: ${sourcePath} (a skill is a folder with SKILL.md)`);
  }

  const walker = new Walker(sourcePath, await fs.realpath(sourcePath), limits);
  await walker.walk("", 0);
  const files = walker.files.sort((a, b) => compareUtf8(a.entry.path, b.entry.path));
  const skillMdPath = findSkillMd(files.map((f) => f.entry.path));
  const notes: Finding[] = [...walker.notes];
  if (skillMdPath !== "SKILL.md") {
    notes.push({
      ruleId: "snapshot.skill-md-case",
      stage: "snapshot",
      severity: "low",
      category: "format",
      confidence: "high",
      message: `the instructions file is named ${skillMdPath}; the Agent Skills format requires SKILL.md`,
      file: skillMdPath,
      fix: `Rename ${skillMdPath} to SKILL.md.`,
    });
  }

  const entries = files.map((f) => f.entry);
  const hash = contentHash(entries);
  if (options.storeDir === undefined) {
    const contents = new Map(files.map((f) => [f.entry.path, f.content] as const));
    return { sourcePath, root: "", contents, files: entries, contentHash: hash, skillMdPath, notes };
  }
  const root = await materialise(options.storeDir, hash, files);
  return { sourcePath, root, files: entries, contentHash: hash, skillMdPath, notes };
}

class Walker {
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
    let names: Buffer[];
    try {
      names = await fs.readdir(absDir, { encoding: "buffer" });
    } catch (err) {
      throw new SnapshotError("UNREADABLE", `cannot list folder ${printable(relDir || ".")}: ${code(err)}`, relDir, err);
    }
    this.entries += names.length;
    if (this.entries > this.limits.maxFiles * 2) {
      throw new SnapshotError("TOO_MANY_FILES", `more than ${this.limits.maxFiles * 2} files and folders in the skill (at ${printable(relDir || ".")})`, relDir);
    }
    for (const raw of names) {
      const name = decodeName(raw, relDir);
      const rel = relDir ? `${relDir}/${name}` : name;
      assertSafeRelativePath(rel);
      this.checkCaseCollision(rel);
      const abs = join(absDir, name);
      const st = await fs.lstat(abs).catch((err: unknown) => {
        throw new SnapshotError("UNREADABLE", `cannot stat ${printable(rel)}: ${code(err)}`, rel, err);
      });
      if (st.isSymbolicLink()) {
        throw new SnapshotError("SYMLINK", `symbolic links are not allowed: ${printable(rel)} (a link can point outside the skill)`, rel);
      } else if (st.isDirectory()) {
        await this.walk(rel, depth + 1);
      } else if (st.isFile()) {
        await this.readFile(rel, abs);
      } else {
        throw new SnapshotError("SPECIAL_FILE", `devices, FIFOs and sockets are not allowed: ${printable(rel)}`, rel);
      }
    }
  }

  /** Linux names the file an fd really points at; elsewhere O_NOFOLLOW and the checks above must do. */
  private async assertOpenedInside(handle: fs.FileHandle, rel: string): Promise<void> {
    const actual = await fs.readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
    if (actual !== undefined && actual !== join(this.realBase, rel)) {
      throw new SnapshotError("UNREADABLE", `${printable(rel)} changed while the skill was being copied (it no longer resolves inside the skill folder)`, rel);
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
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(abs, fsc.O_RDONLY | fsc.O_NOFOLLOW | fsc.O_NONBLOCK);
    } catch (err) {
      if (code(err) === "ELOOP") throw new SnapshotError("SYMLINK", `symbolic links are not allowed: ${printable(rel)}`, rel, err);
      throw new SnapshotError("UNREADABLE", `cannot open ${printable(rel)}: ${code(err)}`, rel, err);
    }
    try {
      await this.assertOpenedInside(handle, rel);
      const st = await handle.stat();
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
      const content = await handle.readFile().catch((err: unknown) => {
        throw new SnapshotError("UNREADABLE", `cannot read ${printable(rel)}: ${code(err)}`, rel, err);
      });
      // The size can change between fstat and read; the bytes read are what counts.
      if (content.length > this.limits.maxFileBytes) {
        throw new SnapshotError("FILE_SIZE_LIMIT", `${printable(rel)} grew past the one-file limit while being read`, rel);
      }
      this.totalBytes += content.length;
      const executable = (st.mode & 0o111) !== 0;
      this.files.push({ entry: { path: rel, size: content.length, executable, sha256: sha256Hex(content) }, content });
      const archive = detectArchive(rel, content.subarray(0, 512));
      if (archive) this.notes.push(archive);
    } finally {
      await handle.close();
    }
  }
}

function findSkillMd(paths: string[]): string {
  if (paths.includes("SKILL.md")) return "SKILL.md";
  const other = paths.find((p) => p.toLowerCase() === "skill.md");
  if (other) return other;
  throw new SnapshotError("MISSING_SKILL_MD", "no SKILL.md at the top of the skill folder (every skill needs one, with YAML frontmatter)");
}

/** Writes the copy once per content hash; an existing copy with that hash is reused as is. */
async function materialise(storeDir: string, hash: string, files: ReadFile[]): Promise<string> {
  const target = join(storeDir, hash);
  if (await exists(join(target, ".complete"))) return target;
  await fs.mkdir(storeDir, { recursive: true, mode: 0o700 });
  const tmp = join(storeDir, `.tmp-${hash.slice(0, 12)}-${randomBytes(6).toString("hex")}`);
  await fs.mkdir(tmp, { mode: 0o700 });
  try {
    const dirs = new Set<string>();
    for (const f of files) {
      const slash = f.entry.path.lastIndexOf("/");
      if (slash > 0) dirs.add(f.entry.path.slice(0, slash));
    }
    for (const d of [...dirs].sort()) await fs.mkdir(join(tmp, d), { recursive: true, mode: 0o755 });
    for (const f of files) {
      await fs.writeFile(join(tmp, f.entry.path), f.content, { mode: f.entry.executable ? 0o555 : 0o444, flag: "wx" });
    }
    await fs.writeFile(join(tmp, ".complete"), hash, { mode: 0o444 });
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    // Another process finished the same copy first: theirs is byte-identical.
    if (await exists(join(target, ".complete"))) return target;
    throw err;
  }
  return target;
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

function code(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? String(err);
}
