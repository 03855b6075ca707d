import { lstatSync, realpathSync } from "node:fs";
import * as fs from "node:fs/promises";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import type { Finding } from "../findings.types.js";
import { contentHash } from "./content-hash.js";
import { SnapshotError } from "./error.js";
import { DEFAULT_LIMITS, type SnapshotLimits } from "./limits.js";
import { compareUtf8 } from "./paths.js";
import type { Snapshot } from "./snapshot.types.js";
import { code, Walker, type ReadFile } from "./walk.js";

export interface SnapshotOptions {
  /**
   * Parent of the content-addressed copies, normally $SKILLSIGN_HOME/snapshots. Without it the
   * snapshot stays in memory (verify only hashes and reads SKILL.md: no copy needed).
   */
  storeDir?: string;
  limits?: Partial<SnapshotLimits>;
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
  let rootStat;
  try {
    rootStat = lstatSync(sourcePath);
  } catch (err) {
    throw new SnapshotError("NOT_A_DIRECTORY", `cannot read skill folder ${sourcePath}: ${code(err)}`, undefined, err);
  }
  if (rootStat.isSymbolicLink()) {
    throw new SnapshotError("SYMLINK", `the skill folder itself is a symbolic link: ${sourcePath}`);
  }
  if (!rootStat.isDirectory()) {
    throw new SnapshotError("NOT_A_DIRECTORY", `not a folder: ${sourcePath} (a skill is a folder with SKILL.md)`);
  }

  const walker = new Walker(sourcePath, realpathSync.native(sourcePath), limits);
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
