// Multi-skill `submit` says which folders it skipped and why (as scan and ci do), keeps going
// past a skill the snapshot refuses, and exits as docs/exit-codes.md says. Real CLI (frozen dist/).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRootForNobody, removeReadableCopy } from "../helpers/readable-copy.js";
import { SKIP_UNNEEDED, cli, copyFixture, headPipe, makeSandbox, openDb, type Sandbox } from "./cli-harness.js";

type Skipped = { path: string; reason: string };
const NO_TRACE = /\n\s+at |EPIPE|ERR_STREAM|Unhandled|node:internal/;

/** benign-minimal (approved), a skill with a symlink (refused by the snapshot), a plain folder and a hidden one. */
function folderOfSkills(sb: Sandbox): string {
  const folder = join(sb.root, "skills");
  copyFixture(sb, "benign-minimal");
  const linky = join(folder, "linky");
  mkdirSync(linky, { recursive: true });
  writeFileSync(join(linky, "SKILL.md"), "---\nname: linky\ndescription: a skill with a symlink\n---\nhi\n");
  symlinkSync("/etc/hostname", join(linky, "host"));
  mkdirSync(join(folder, "shared-assets"));
  writeFileSync(join(folder, "shared-assets", "logo.txt"), "logo\n");
  mkdirSync(join(folder, ".cache"));
  return folder;
}

const short = (k: Skipped) => `${k.path.split("/").pop()}: ${k.reason}`;

describe("submit of a folder of skills lists what it skipped and keeps going", { timeout: 300_000 }, () => {
  afterAll(() => removeReadableCopy());

  it("text and JSON list every skipped folder with why; the refused skill is an input error; the good one is recorded (exit 2)", async () => {
    const sb = await makeSandbox();
    const folder = folderOfSkills(sb);
    const args = ["submit", folder, "--policy", sb.policy, ...SKIP_UNNEEDED];

    const text = await cli(args, sb.signingEnv);
    expect(text.stderr).not.toMatch(NO_TRACE);
    expect(text.code).toBe(2); // approved + an input error: max(2, worst verdict)
    expect(text.stdout).toMatch(/^skipped {2}.*skills\/\.cache {2}\(hidden folder\)$/m);
    expect(text.stdout).toMatch(/^skipped {2}.*skills\/shared-assets {2}\(no SKILL\.md: not a skill\)$/m);
    expect(text.stdout).toMatch(/1 skill: 1 approved.*1 could not be read; 2 folders skipped$/m);
    expect(text.stdout).toMatch(/^INPUT ERROR {2}.*skills\/linky\n {2}\[SYMLINK\] /m);
    expect(text.stdout).toMatch(/^submission \d+: .*linky: failed$/m);

    const json = await cli([...args, "--json"], sb.signingEnv);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout);
    expect(report.skipped.map(short)).toEqual([".cache: hidden folder", "shared-assets: no SKILL.md: not a skill"]);
    expect(report.skills.map((s: { name: string }) => s.name)).toEqual(["benign-minimal"]);
    expect(report.inputErrors).toEqual([expect.objectContaining({ path: expect.stringMatching(/linky$/) })]);
    expect(report.submissions).toHaveLength(2);

    // Both runs recorded both skills: the approved one and the refused one (failed).
    const db = openDb(sb);
    const rows = db.prepare("SELECT skill_name AS name, state FROM submissions ORDER BY id").all() as { name: string; state: string }[];
    db.close();
    expect(rows.map((r) => `${r.name}=${r.state}`).sort()).toEqual(["benign-minimal=approved", "benign-minimal=approved", "linky=failed", "linky=failed"]);
  });

  it("`submit FOLDER | head -c 1` and `submit FOLDER --json | head -c 1`: first byte, own code or 141, no trace", async () => {
    const sb = await makeSandbox();
    const folder = folderOfSkills(sb);
    for (const more of [[], ["--json"]]) {
      const args = ["submit", folder, "--policy", sb.policy, ...SKIP_UNNEEDED, ...more];
      const r = headPipe(args, sb.signingEnv, sb.root);
      expect(r.stderr, more.join(" ")).not.toMatch(NO_TRACE);
      expect([2, 141], `${more.join(" ")}: ${r.stderr}`).toContain(r.code);
      expect(r.head).toBe(more.length ? "{" : (await cli(args, sb.signingEnv)).stdout[0]);
    }
  });

  it("a subfolder it cannot list is skipped as unreadable, not as 'no SKILL.md' (run as nobody: chmod 000 denies)", () => {
    const root = mkdtempSync(join(tmpdir(), "skillsign-submit-nobody-"));
    try {
      chmodSync(root, 0o755);
      const folder = join(root, "skills");
      const good = join(folder, "good");
      mkdirSync(good, { recursive: true });
      writeFileSync(join(good, "SKILL.md"), "---\nname: good\ndescription: a plain skill\n---\nFormats tables.\n");
      mkdirSync(join(folder, "locked"));
      writeFileSync(join(folder, "locked", "SKILL.md"), "---\nname: locked\ndescription: x\n---\nx\n");
      chmodSync(join(folder, "locked"), 0o000);
      const home = join(root, "home");
      mkdirSync(home, { mode: 0o777 });
      chmodSync(home, 0o777);
      const policy = join(root, "policy.yaml");
      writeFileSync(policy, "schemaVersion: 1\nrequired: [manifest]\nfindings:\n  critical: { high: reject, medium: review, low: review }\n  high: { high: review, medium: review, low: review }\n  medium: { high: review, medium: review, low: review }\n  low: { high: pass, medium: pass, low: pass }\n  info: { high: pass, medium: pass, low: pass }\n");
      chmodSync(policy, 0o644);
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, SKILLSIGN_HOME: home, CI: "1", NO_COLOR: "1", SKILLSIGN_ACTOR: "creator-test" };
      const bin = join(packageRootForNobody(), "dist/bin/skillsign.js");
      const r = spawnSync(process.execPath, [bin, "submit", folder, "--json", "--policy", policy, ...SKIP_UNNEEDED, "--skip", "patterns,secrets"], { uid: 65534, gid: 65534, env, cwd: root, encoding: "utf8" });
      expect(r.stderr).not.toMatch(NO_TRACE);
      const report = JSON.parse(r.stdout);
      expect(report.skipped.map(short)).toEqual(["locked: unreadable (EACCES): cannot tell whether it is a skill"]);
      expect(report.skills.map((s: { name: string }) => s.name)).toEqual(["good"]);
    } finally {
      chmodSync(join(root, "skills", "locked"), 0o755);
      rmSync(root, { recursive: true, force: true });
    }
  });
});
