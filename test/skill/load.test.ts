import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSkill } from "../../src/skill/load.js";
import { takeSnapshot } from "../../src/snapshot/snapshot.js";
import { cleanupHostile, makeSkill } from "../helpers/hostile.js";
import { fixture } from "../helpers/stage-context.js";

const home = mkdtempSync(join(tmpdir(), "skillsign-load-"));
afterAll(async () => {
  await cleanupHostile();
  rmSync(home, { recursive: true, force: true });
});

const load = async (dir: string) => loadSkill(await takeSnapshot(dir, { storeDir: join(home, "snapshots") }));

describe("loadSkill", () => {
  it("reads name, version and permissions from the snapshot", async () => {
    const s = await load(fixture("manifest-clawhub-json-metadata"));
    expect(s.parsed.ok).toBe(true);
    expect(s.name).toBe("manifest-clawhub-json-metadata");
    expect(s.permissions.env).toEqual(["CHAT_WEBHOOK_TOKEN"]);
    expect(s.permissions.network).toEqual(["chat.example.invalid"]);
  });

  it("takes the version from the frontmatter or from metadata.version", async () => {
    const top = await load(makeSkill({ "SKILL.md": "---\nname: v\ndescription: d\nversion: 1.2.3\n---\n" }, "v"));
    const meta = await load(makeSkill({ "SKILL.md": "---\nname: v\ndescription: d\nmetadata:\n  version: '2.0'\n---\n" }, "v"));
    expect([top.version, meta.version]).toEqual(["1.2.3", "2.0"]);
  });

  it("reports broken UTF-8 as NOT_UTF8 with empty permissions", async () => {
    const s = await load(fixture("hostile-broken-utf8"));
    expect(s.parsed).toMatchObject({ ok: false, problem: "NOT_UTF8" });
    expect(s.name).toBe("");
    expect(s.permissions.allowedTools).toEqual([]);
  });

  it("reports a SKILL.md with NUL bytes as NOT_UTF8", async () => {
    const s = await load(makeSkill({ "SKILL.md": Buffer.from("---\nname: a\0\n---\n") }));
    expect(s.parsed).toMatchObject({ ok: false, problem: "NOT_UTF8", message: expect.stringContaining("NUL") });
  });

  it("does not execute ---js frontmatter from a skill folder", async () => {
    const marker = join(tmpdir(), "skillsign-js-frontmatter-marker");
    rmSync(marker, { force: true });
    const s = await load(fixture("hostile-js-frontmatter"));
    expect(s.parsed).toMatchObject({ ok: false, problem: "EXECUTABLE_FRONTMATTER" });
    expect(existsSync(marker)).toBe(false);
  });

  it("reads a lowercase skill.md", async () => {
    const s = await load(fixture("hostile-lowercase-skill-md"));
    expect(s.name).toBe("hostile-lowercase-skill-md");
  });
});
