import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, SKIP_UNNEEDED, cli, makeSandbox, openDb, type Sandbox } from "../workflow/cli-harness.js";

function git(repo: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "init.defaultBranch=main", ...args], { cwd: repo, encoding: "utf8" });
}

/** A marketplace repository: three skills on main, then a feature branch. */
function marketplace(sb: Sandbox): string {
  const repo = join(sb.root, "market");
  mkdirSync(join(repo, "skills"), { recursive: true });
  for (const f of ["store-benign-notes", "store-borderline-autorun", "store-malicious-installer"]) cpSync(join(FIXTURES, f), join(repo, "skills", f), { recursive: true });
  git(repo, "init", "-q");
  git(repo, "add", ".");
  git(repo, "commit", "-qm", "skills");
  git(repo, "checkout", "-qb", "feature");
  return repo;
}

describe("skillsign ci", { timeout: 240_000 }, () => {
  it("analyses only skills changed since the ref (committed, uncommitted, untracked), writes SARIF and JSON, exits by the worst verdict", async () => {
    const sb = await makeSandbox();
    const repo = marketplace(sb);
    appendFileSync(join(repo, "skills/store-benign-notes/scripts/notes.py"), "\n# tidy\n");
    git(repo, "commit", "-qam", "tidy notes");
    appendFileSync(join(repo, "skills/store-borderline-autorun/scripts/toc.py"), "\n# uncommitted\n");
    cpSync(join(FIXTURES, "store-benign-notes"), join(repo, "skills/new-skill"), { recursive: true });

    const sarif = join(sb.root, "out.sarif");
    const json = join(sb.root, "out.json");
    const r = await cli(["ci", "--changed-since", "main", "--sarif", sarif, "--json", json, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.env, repo);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(10);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    const report = JSON.parse(readFileSync(json, "utf8"));
    const paths = report.submissions.map((s: { path: string }) => s.path.slice(repo.length + 1)).sort();
    expect(paths).toEqual(["skills/new-skill", "skills/store-benign-notes", "skills/store-borderline-autorun"]);
    expect(report.submissions.map((s: { state: string }) => s.state).sort()).toEqual(["approved", "approved", "review"]);
    const log = JSON.parse(readFileSync(sarif, "utf8"));
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toContain("patterns.skip-user-confirmation");
    const db = openDb(sb);
    expect(db.prepare("SELECT DISTINCT source FROM submissions").all()).toEqual([{ source: "ci" }]);
    db.close();
  });

  it("rejected skills make ci exit 20; no changes exit 0; bad refs and missing arguments exit 2", async () => {
    const sb = await makeSandbox();
    const repo = marketplace(sb);
    const none = await cli(["ci", "--changed-since", "main", "--json", join(sb.root, "none.json"), "--policy", sb.policy], sb.env, repo);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/no skills changed since main/);
    expect(JSON.parse(readFileSync(join(sb.root, "none.json"), "utf8")).submissions).toEqual([]);

    const all = await cli(["ci", "skills", "--policy", sb.policy, ...SKIP_UNNEEDED], sb.env, repo);
    expect(all.code).toBe(20);
    expect(all.stdout.match(/^submission \d+:/gm)).toHaveLength(3);

    const badRef = await cli(["ci", "--changed-since", "no-such-ref", "--policy", sb.policy], sb.env, repo);
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toMatch(/unknown git ref "no-such-ref"/);
    const noArgs = await cli(["ci"], sb.env, repo);
    expect(noArgs.code).toBe(2);
    expect(noArgs.stderr).toMatch(/PATHS, --changed-since REF, or both/);
  });

  it("limits --changed-since to the given PATHS", async () => {
    const sb = await makeSandbox();
    const repo = marketplace(sb);
    mkdirSync(join(repo, "other"));
    cpSync(join(FIXTURES, "store-benign-notes"), join(repo, "other/store-benign-notes"), { recursive: true });
    appendFileSync(join(repo, "skills/store-benign-notes/SKILL.md"), "\nMore notes.\n");
    const r = await cli(["ci", "skills", "--changed-since", "main", "--policy", sb.policy, ...SKIP_UNNEEDED], sb.env, repo);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^submission \d+:.*$/gm)).toEqual([expect.stringMatching(/store-benign-notes 1\.0\.0: approved/)]);
    const db = openDb(sb);
    expect((db.prepare("SELECT path FROM submissions").all() as { path: string }[]).map((x) => x.path)).toEqual([join(repo, "skills/store-benign-notes")]);
    db.close();
  });
});
