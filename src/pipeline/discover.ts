import { lstatSync, readdirSync, statSync, type Dirent } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { compareUtf8 } from "../snapshot/paths.js";

/**
 * Expands PATH arguments into skill folders: a folder holding SKILL.md is one skill; a folder
 * whose subfolders hold SKILL.md is a folder of skills. Anything else is a usage error (exit 2).
 * Entries are only listed here; the snapshot refuses hostile ones (symlinks, devices) later,
 * so they show up as input errors instead of disappearing.
 */
export function discoverSkills(paths: readonly string[]): string[] {
  return discoverSkillFolders(paths).dirs;
}

/** A folder inside a folder of skills that was not scanned, and why (every report lists them). */
export interface SkippedFolder {
  path: string;
  reason: string;
}

/**
 * Like discoverSkills, and also says which subfolders of a folder of skills were left out. With
 * several PATHs, one that is not a skill does not stop the others: it is passed on, and the
 * snapshot reports it as an input error (docs/exit-codes.md). Only a run where no PATH exists or
 * is a folder at all is a usage error.
 */
export function discoverSkillFolders(paths: readonly string[]): { dirs: string[]; skipped: SkippedFolder[] } {
  if (paths.length === 0) throw new UsageError("USAGE_ERROR", "no PATH given: point at a skill folder (with SKILL.md) or a folder of skills");
  const found: string[] = [];
  const skipped: SkippedFolder[] = [];
  const problems: UsageError[] = [];
  for (const p of paths) {
    try {
      found.push(...expand(p, skipped));
    } catch (err) {
      if (paths.length === 1 || !(err instanceof UsageError)) throw err;
      problems.push(err);
      found.push(resolve(p)); // the snapshot turns it into an input error; the other PATHs still run
    }
  }
  if (problems.length === paths.length) throw problems[0]!;
  return { dirs: [...new Set(found)], skipped };
}

function expand(path: string, skipped: SkippedFolder[]): string[] {
  const abs = resolve(path);
  let isDir: boolean;
  try {
    // Follow a symlink only to decide what the user meant; the snapshot refuses it as a skill root.
    isDir = statSync(abs).isDirectory();
  } catch {
    throw new UsageError("FILE_NOT_FOUND", `no such file or folder: ${path}`);
  }
  if (!isDir) throw new UsageError("USAGE_ERROR", `not a folder: ${path} (a skill is a folder with SKILL.md)`);
  if (hasSkillMd(abs)) return [abs];

  const skills: string[] = [];
  const left: SkippedFolder[] = [];
  for (const e of listDir(abs, path)) {
    const sub = join(abs, e.name);
    if (!isDirectoryish(sub)) continue;
    if (e.name.startsWith(".")) left.push({ path: sub, reason: "hidden folder" });
    else if (hasSkillMd(sub)) skills.push(sub);
    else left.push({ path: sub, reason: unlistable(sub) ?? "no SKILL.md: not a skill" });
  }
  if (skills.length === 0) {
    throw new UsageError("USAGE_ERROR", `${path} is neither a skill (no SKILL.md) nor a folder of skills (no subfolder has a SKILL.md)`);
  }
  skipped.push(...left.sort((a, b) => compareUtf8(a.path, b.path)));
  return skills.sort(compareUtf8);
}

/** SKILL.md in any letter case (the snapshot accepts skill.md with a warning); any entry type counts. */
function hasSkillMd(dir: string): boolean {
  try {
    return readdirSync(dir).some((n) => n.toLowerCase() === "skill.md");
  } catch {
    return false;
  }
}

/** Why a folder cannot be listed (EACCES…), so "no SKILL.md" is not claimed for a folder nobody could look into. */
function unlistable(dir: string): string | undefined {
  try {
    readdirSync(dir);
    return undefined;
  } catch (err) {
    return `unreadable (${(err as NodeJS.ErrnoException).code ?? "error"}): cannot tell whether it is a skill`;
  }
}

function isDirectoryish(p: string): boolean {
  try {
    return lstatSync(p).isDirectory() || (lstatSync(p).isSymbolicLink() && statSync(p).isDirectory());
  } catch {
    return false;
  }
}

function listDir(abs: string, shown: string): Dirent[] {
  try {
    return readdirSync(abs, { withFileTypes: true });
  } catch (err) {
    throw new UsageError("USAGE_ERROR", `cannot list ${shown}: ${(err as NodeJS.ErrnoException).code ?? "unreadable"}`, err);
  }
}
