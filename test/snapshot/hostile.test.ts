import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SnapshotError, type SnapshotErrorCode } from "../../src/snapshot/error.js";
import type { SnapshotLimits } from "../../src/snapshot/limits.js";
import { takeSnapshot } from "../../src/snapshot/snapshot.js";
import {
  addFifo,
  addFile,
  addHardlink,
  addNonUtf8Name,
  addSocket,
  addSparseFile,
  addSymlink,
  cleanupHostile,
  makeSkill,
  skillWith,
  skillMd,
  snapshotAsNobody,
} from "../helpers/hostile.js";
import { ensureDist } from "../helpers/build.js";

const home = mkdtempSync(join(tmpdir(), "skillsign-snap-hostile-"));
afterAll(async () => {
  await cleanupHostile();
  rmSync(home, { recursive: true, force: true });
});

interface Case {
  name: string;
  make: () => string | Promise<string>;
  wantCode: SnapshotErrorCode;
  limits?: Partial<SnapshotLimits>;
  /** A fragment the one-line message must contain (the offending path, the limit...). */
  mentions?: string;
}

const cases: Case[] = [
  { name: "symlink at the top", make: () => withLink("README.md", "/etc/passwd"), wantCode: "SYMLINK", mentions: "README.md" },
  { name: "symlink inside a subfolder", make: () => withLink("references/notes.md", "../SKILL.md"), wantCode: "SYMLINK", mentions: "references/notes.md" },
  { name: "symlink to a directory", make: () => withLink("scripts", "/etc"), wantCode: "SYMLINK", mentions: "scripts" },
  { name: "dangling symlink", make: () => withLink("gone.md", "/nonexistent/skillsign-target"), wantCode: "SYMLINK", mentions: "gone.md" },
  {
    name: "hard link to a file outside",
    make: () => skillWith((d) => addHardlink(d, "shared.txt")),
    wantCode: "HARDLINK",
    mentions: "shared.txt",
  },
  {
    name: "FIFO",
    make: () => skillWith((d) => addFifo(d, "pipe")),
    wantCode: "SPECIAL_FILE",
    mentions: "pipe",
  },
  {
    name: "unix socket",
    make: () => skillWith((d) => addSocket(d, "agent.sock")),
    wantCode: "SPECIAL_FILE",
    mentions: "agent.sock",
  },
  { name: "non-NFC name (NFD é)", make: () => makeSkill({ "cafe\u0301.md": "x" }), wantCode: "NON_NFC_NAME" },
  { name: "names colliding under case-folding", make: () => makeSkill({ "a.md": "1", "A.md": "2" }), wantCode: "CASE_COLLISION" },
  { name: "SKILL.md and skill.md together", make: () => makeSkill({ "SKILL.md": skillMd("hostile-generated"), "skill.md": "x" }), wantCode: "CASE_COLLISION" },
  { name: "newline in a file name", make: () => makeSkill({ "evil\nname.md": "x" }), wantCode: "CONTROL_CHAR_NAME", mentions: "evil\\nname.md" },
  { name: "ESC in a file name", make: () => makeSkill({ "x\u001b[2Jy.md": "x" }), wantCode: "CONTROL_CHAR_NAME", mentions: "\\u001b" },
  { name: "DEL in a folder name", make: () => makeSkill({ "ref\u007f/a.md": "x" }), wantCode: "CONTROL_CHAR_NAME", mentions: "ref\\u007f" },
  { name: "right-to-left override in a name", make: () => makeSkill({ "gpj\u202e.sh": "x" }), wantCode: "CONTROL_CHAR_NAME", mentions: "\\u202e" },
  {
    name: "non-UTF-8 name bytes",
    make: () => skillWith((d) => addNonUtf8Name(d)),
    wantCode: "INVALID_NAME_ENCODING",
    mentions: "6261642dfffe2e6d64",
  },
  { name: "missing SKILL.md", make: () => makeSkill({ "README.md": "# not a skill", "SKILL.md": null }), wantCode: "MISSING_SKILL_MD" },
  { name: "more files than maxFiles", make: () => makeSkill(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}.txt`, "x"]))), wantCode: "TOO_MANY_FILES", limits: { maxFiles: 5 }, mentions: "5 files" },
  { name: "total bytes over the limit", make: () => makeSkill({ "a.txt": "a".repeat(600), "b.txt": "b".repeat(600) }), wantCode: "TOTAL_SIZE_LIMIT", limits: { maxTotalBytes: 1000 }, mentions: "1000" },
  { name: "one file over the limit", make: () => makeSkill({ "big.txt": "x".repeat(2048) }), wantCode: "FILE_SIZE_LIMIT", limits: { maxFileBytes: 1024 }, mentions: "big.txt" },
  {
    name: "one file over the default 20 MiB limit (sparse)",
    make: () => skillWith((d) => addSparseFile(d, "assets/huge.bin", 20 * 1024 * 1024 + 1)),
    wantCode: "FILE_SIZE_LIMIT",
    mentions: "assets/huge.bin",
  },
  {
    name: "many empty folders (a walk that costs without files)",
    make: () => {
      const dir = makeSkill();
      for (let i = 0; i < 12; i++) mkdirSync(join(dir, `empty-${i}`));
      return dir;
    },
    wantCode: "TOO_MANY_FILES",
    limits: { maxFiles: 5 },
    mentions: "files and folders",
  },
  {
    name: "folders nested deeper than maxDepth",
    make: () => makeSkill({ [`${"d/".repeat(5)}deep.txt`]: "x" }),
    wantCode: "TOO_DEEP",
    limits: { maxDepth: 3 },
  },
  {
    name: "the skill folder is a file",
    make: () => addFile(makeSkill(), "plain.txt", "x"),
    wantCode: "NOT_A_DIRECTORY",
  },
  { name: "the skill folder does not exist", make: () => join(makeSkill(), "nope"), wantCode: "NOT_A_DIRECTORY" },
  {
    name: "the skill folder is a symlink",
    make: () => {
      const dir = makeSkill();
      addSymlink(join(dir, ".."), "link-to-skill", dir);
      return join(dir, "..", "link-to-skill");
    },
    wantCode: "SYMLINK",
  },
];

function withLink(rel: string, target: string): string {
  const dir = makeSkill({ "references/keep.md": "kept" });
  addSymlink(dir, rel, target);
  return dir;
}

describe("snapshot refuses hostile folders", () => {
  it.each(cases)("$name → $wantCode", async ({ make, wantCode, limits, mentions }) => {
    const dir = await make();
    const err = await takeSnapshot(dir, { storeDir: join(home, "snapshots"), limits }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SnapshotError);
    const e = err as SnapshotError;
    expect(e.code).toBe(wantCode);
    expect(e.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    if (mentions) expect(e.message).toContain(mentions);
  });

  it("leaves nothing behind in the store when it refuses", async () => {
    const store = join(mkdtempSync(join(tmpdir(), "skillsign-empty-store-")), "snapshots");
    await expect(takeSnapshot(withLink("x.md", "/etc/passwd"), { storeDir: store })).rejects.toThrow(SnapshotError);
    expect(existsSync(store) ? readdirSync(store) : []).toEqual([]);
  });

  it("refuses a directory it cannot list (root is detected; the check runs as nobody)", async () => {
    const dir = makeSkill({ "private/secret.txt": "x" });
    chmodSync(join(dir, "private"), 0o000);
    try {
      if (process.getuid?.() !== 0) {
        await expect(takeSnapshot(dir, { storeDir: join(home, "snapshots") })).rejects.toMatchObject({ code: "UNREADABLE" });
        return;
      }
      ensureDist();
      expect(snapshotAsNobody(dir)).toMatchObject({ code: "UNREADABLE", message: expect.stringContaining("private") });
    } finally {
      chmodSync(join(dir, "private"), 0o755);
    }
  });

  it("refuses a file it cannot open (chmod 000)", async () => {
    const dir = makeSkill({ "scripts/run.sh": "echo hi\n" });
    chmodSync(join(dir, "scripts/run.sh"), 0o000);
    if (process.getuid?.() !== 0) {
      await expect(takeSnapshot(dir, { storeDir: join(home, "snapshots") })).rejects.toMatchObject({ code: "UNREADABLE" });
      return;
    }
    ensureDist();
    expect(snapshotAsNobody(dir)).toMatchObject({ code: "UNREADABLE", message: expect.stringContaining("scripts/run.sh") });
  });
});
