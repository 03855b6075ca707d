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
  if (paths.length === 0) throw new UsageError("USAGE_ERROR", "no PATH given: point at a skill folder (with SKILL.md) or a folder of skills");
  const found: string[] = [];
  for (const p of paths) found.push(...expand(p));
  return [...new Set(found)];
}

function expand(path: string): string[] {
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

  const skills = listDir(abs, path)
    .filter((e) => !e.name.startsWith("."))
    .map((e) => join(abs, e.name))
    .filter((sub) => isDirectoryish(sub) && hasSkillMd(sub))
    .sort(compareUtf8);
  if (skills.length === 0) {
    throw new UsageError("USAGE_ERROR", `${path} is neither a skill (no SKILL.md) nor a folder of skills (no subfolder has a SKILL.md)`);
  }
  return skills;
}

/** SKILL.md in any letter case (the snapshot accepts skill.md with a warning); any entry type counts. */
function hasSkillMd(dir: string): boolean {
  try {
    return readdirSync(dir).some((n) => n.toLowerCase() === "skill.md");
  } catch {
    return false;
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
