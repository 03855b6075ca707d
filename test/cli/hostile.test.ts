import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SnapshotErrorCode } from "../../src/snapshot/error.js";
import { ensureDist } from "../helpers/build.js";
import {
  addFifo,
  addHardlink,
  addNonUtf8Name,
  addSocket,
  addSparseFile,
  addSymlink,
  cleanupHostile,
  makeSkill,
  skillWith,
  REPO_ROOT,
} from "../helpers/hostile.js";
import { fixture } from "../helpers/stage-context.js";

/** The command under test; `submit` and `ci` share the same input handling. */
const COMMAND = "scan";
const CLI = join(REPO_ROOT, "dist/bin/skillsign.js");
const home = mkdtempSync(join(tmpdir(), "skillsign-cli-hostile-"));

beforeAll(() => ensureDist());
afterAll(async () => {
  await cleanupHostile();
  rmSync(home, { recursive: true, force: true });
});

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, SKILLSIGN_HOME: home, NO_COLOR: "1" },
    timeout: 60_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

interface Case {
  name: string;
  make: () => string | Promise<string>;
  wantCode: SnapshotErrorCode;
  /** What the one-line message must name. */
  mentions: string;
}

const cases: Case[] = [
  { name: "symlink", make: () => withSymlink(), wantCode: "SYMLINK", mentions: "references/passwd.md" },
  {
    name: "FIFO",
    make: () => skillWith((d) => addFifo(d, "fifo")),
    wantCode: "SPECIAL_FILE",
    mentions: "fifo",
  },
  {
    name: "unix socket",
    make: () => skillWith((d) => addSocket(d, "s.sock")),
    wantCode: "SPECIAL_FILE",
    mentions: "s.sock",
  },
  {
    name: "hard link",
    make: () => skillWith((d) => addHardlink(d, "linked.txt")),
    wantCode: "HARDLINK",
    mentions: "linked.txt",
  },
  {
    name: "non-UTF-8 name",
    make: () => skillWith((d) => addNonUtf8Name(d)),
    wantCode: "INVALID_NAME_ENCODING",
    mentions: "fffe",
  },
  { name: "ESC in a name", make: () => makeSkill({ "x\u001b]0;pwned\u0007.md": "x" }), wantCode: "CONTROL_CHAR_NAME", mentions: "x\\u001b]0;pwned\\u0007.md" },
  { name: "NFD name", make: () => makeSkill({ "re\u0301sume\u0301.md": "x" }), wantCode: "NON_NFC_NAME", mentions: "NFC" },
  { name: "case collision", make: () => makeSkill({ "notes.md": "1", "NOTES.md": "2" }), wantCode: "CASE_COLLISION", mentions: "letter case" },
  {
    name: "file over 20 MiB",
    make: () => skillWith((d) => addSparseFile(d, "assets/model.bin", 21 * 1024 * 1024)),
    wantCode: "FILE_SIZE_LIMIT",
    mentions: "assets/model.bin",
  },
];

function withSymlink(): string {
  const d = makeSkill();
  addSymlink(d, "references/passwd.md", "/etc/passwd");
  return d;
}

describe(`skillsign ${COMMAND} on hostile folders`, () => {
  // One CLI run over every hostile folder keeps the suite fast; each row checks its own line.
  let run: { code: number | null; out: string };
  const dirs = new Map<string, string>();
  beforeAll(async () => {
    for (const c of cases) dirs.set(c.name, await c.make());
    run = cli(COMMAND, ...dirs.values());
  });

  it("exits 2 without a stack trace or raw control characters", () => {
    expect(run.code).toBe(2);
    expect(run.out).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(run.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(run.out).toContain(`${cases.length} could not be read`);
  });

  it.each(cases)("$name: one specific line naming $wantCode", ({ name, wantCode, mentions }) => {
    const lines = run.out.split("\n");
    const at = lines.findIndex((l) => l.trimEnd().endsWith(dirs.get(name)!));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1]).toContain(`[${wantCode}]`);
    expect(lines[at + 1]).toContain(mentions);
    expect(lines[at + 2]?.trim() ?? "").not.toMatch(/^\[|^at /);
  });

  it("reports the error code in --json output", async () => {
    const { code, out } = cli(COMMAND, withSymlink(), "--json");
    expect(code).toBe(2);
    const report = JSON.parse(out.slice(out.indexOf("{"))) as { inputErrors: { code: string }[] };
    expect(report.inputErrors.map((e) => e.code)).toEqual(["SYMLINK"]);
  });

  it("submit refuses a hostile folder the same way, and records it as failed", () => {
    const { code, out } = cli("submit", withSymlink());
    expect(code).toBe(2);
    expect(out.split("\n").filter((l) => l.includes("[SYMLINK]"))).toHaveLength(1);
    expect(out).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  it("a folder without SKILL.md is a usage error on one line", () => {
    const { code, out } = cli(COMMAND, fixture("hostile-missing-skill-md"));
    expect(code).toBe(2);
    expect(out.trim().split("\n")).toHaveLength(1);
    expect(out).toMatch(/no SKILL\.md/);
  });

  it("a path that does not exist is a usage error on one line", () => {
    const { code, out } = cli(COMMAND, join(home, "does-not-exist"));
    expect(code).toBe(2);
    expect(out.trim().split("\n")).toHaveLength(1);
  });

  it("---js frontmatter is rejected and never executed", () => {
    const marker = join(tmpdir(), "skillsign-js-frontmatter-marker");
    rmSync(marker, { force: true });
    const { code, out } = cli(COMMAND, fixture("hostile-js-frontmatter"));
    expect(code).toBe(20);
    expect(out).toContain("manifest.executable-frontmatter");
    expect(existsSync(marker)).toBe(false);
  });

  it("YAML bomb, 5000-deep YAML and broken UTF-8 end in verdicts, not crashes", () => {
    const names = ["hostile-yaml-bomb", "hostile-deep-yaml", "hostile-broken-utf8"];
    const started = Date.now();
    const { code, out } = cli(COMMAND, ...names.map(fixture), "--json");
    expect([10, 20]).toContain(code);
    expect(Date.now() - started).toBeLessThan(30_000);
    const report = JSON.parse(out.slice(out.indexOf("{"))) as { skills: { findings?: { ruleId: string }[] }[] };
    expect(report.skills).toHaveLength(3);
    const ruleIds = JSON.stringify(report.skills);
    for (const id of ["manifest.yaml-bomb", "manifest.yaml-too-deep", "manifest.not-utf8"]) expect(ruleIds).toContain(id);
  });
});
