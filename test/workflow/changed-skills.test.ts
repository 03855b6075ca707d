import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changedSkills } from "../../src/workflow/changed-skills.js";

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "init.defaultBranch=main", ...args], { cwd, stdio: "ignore" });
}

function put(repo: string, path: string, text = "x\n"): void {
  mkdirSync(join(repo, path, ".."), { recursive: true });
  writeFileSync(join(repo, path), text);
}

describe("changedSkills", () => {
  it("maps changed paths to the nearest folder with a SKILL.md and ignores deleted skills and loose files", () => {
    const repo = mkdtempSync(join(tmpdir(), "skillsign-changed-"));
    put(repo, "skills/a/SKILL.md");
    put(repo, "skills/a/scripts/deep/run.sh");
    put(repo, "skills/b/SKILL.md");
    put(repo, "skills/gone/SKILL.md");
    put(repo, "skills/README.md");
    git(repo, "init", "-q");
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "base");
    git(repo, "checkout", "-qb", "work");
    put(repo, "skills/a/scripts/deep/run.sh", "changed\n");
    put(repo, "skills/README.md", "changed\n");
    rmSync(join(repo, "skills/gone"), { recursive: true });
    git(repo, "commit", "-qam", "change a, drop gone");
    put(repo, "skills/c/SKILL.md"); // untracked
    expect(changedSkills("main", { cwd: repo })).toEqual([join(repo, "skills/a"), join(repo, "skills/c")]);
    expect(changedSkills("main", { cwd: join(repo, "skills"), within: ["c"] })).toEqual([join(repo, "skills/c")]);
    expect(changedSkills("HEAD", { cwd: repo })).toEqual([join(repo, "skills/c")]);
  });

  it("refuses refs that look like options and refs git does not know", () => {
    const repo = mkdtempSync(join(tmpdir(), "skillsign-changed-"));
    put(repo, "f");
    git(repo, "init", "-q");
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "base");
    expect(() => changedSkills("--output=/tmp/x", { cwd: repo })).toThrow(/not a git ref/);
    expect(() => changedSkills("nope", { cwd: repo })).toThrow(/unknown git ref "nope"/);
    expect(() => changedSkills("main", { cwd: tmpdir() })).toThrow(/needs a git repository/);
  });
});
