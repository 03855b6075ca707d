import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { UsageError } from "../errors.js";
import { compareUtf8 } from "../snapshot/paths.js";

/**
 * The skill folders touched since a git ref: files in `git diff REF...HEAD`, plus uncommitted
 * and untracked changes, each mapped up to the nearest folder holding a SKILL.md. Deleted
 * skills (no folder left) are not returned. `within` limits the result to those folders.
 */
export function changedSkills(ref: string, opts: { cwd?: string; within?: string[] } = {}): string[] {
  const cwd = resolve(opts.cwd ?? process.cwd());
  if (ref.startsWith("-")) throw new UsageError("USAGE_ERROR", `--changed-since: not a git ref: ${ref}`);
  const root = git(["rev-parse", "--show-toplevel"], cwd, "--changed-since needs a git repository").trim();
  git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], root, `--changed-since: unknown git ref "${ref}"`);
  const paths = new Set<string>([
    ...lines(git(["diff", "--name-only", "-z", `${ref}...HEAD`, "--"], root, `--changed-since: cannot diff against "${ref}"`)),
    ...lines(git(["diff", "--name-only", "-z", "HEAD", "--"], root, "cannot list uncommitted changes")),
    ...lines(git(["ls-files", "--others", "--exclude-standard", "-z"], root, "cannot list untracked files")),
  ]);
  const within = (opts.within ?? []).map((p) => resolve(cwd, p));
  const skills = new Set<string>();
  for (const p of paths) {
    const skill = nearestSkill(join(root, p), root);
    if (skill && (within.length === 0 || within.some((w) => isInside(skill, w) || isInside(w, skill)))) skills.add(skill);
  }
  return [...skills].sort(compareUtf8);
}

function nearestSkill(changedFile: string, root: string): string | undefined {
  let dir = dirname(changedFile);
  while (isInside(dir, root)) {
    if (hasSkillMd(dir)) return dir;
    if (dir === root) break;
    dir = dirname(dir);
  }
  return undefined;
}

function hasSkillMd(dir: string): boolean {
  if (!existsSync(dir)) return false;
  try {
    return readdirSync(dir).some((n) => n.toLowerCase() === "skill.md");
  } catch {
    return false;
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep));
}

function git(args: string[], cwd: string, problem: string): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? "").trim().split("\n")[0];
    throw new UsageError("USAGE_ERROR", `${problem}${stderr ? ` (git: ${stderr})` : ""}`, err);
  }
}

function lines(out: string): string[] {
  return out.split("\0").filter(Boolean);
}
