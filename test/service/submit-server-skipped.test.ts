// `submit --server` of a folder of skills: like local submit, a folder the snapshot refuses is an
// input error (the others are still uploaded), skipped subfolders are listed, exit max(2, worst).
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, startServe, type ServeProcess } from "./serve-process.js";

const FIXTURES = join(__dirname, "..", "fixtures", "skills");

describe("submit --server of a folder of skills", () => {
  let serve: ServeProcess;
  let creator = "";
  const root = mkdtempSync(join(tmpdir(), "skillsign-server-skipped-"));
  const folder = join(root, "skills");
  beforeAll(async () => {
    serve = await startServe(["--skip", "semgrep,dependencies,build,image-scan,behavior"]);
    creator = serve.cli(["tokens", "create", "--role", "creator", "--name", "alice", "--db", serve.db]).trim();
    cpSync(join(FIXTURES, "deps-unpinned-python"), join(folder, "deps-unpinned-python"), { recursive: true });
    mkdirSync(join(folder, "linky"));
    writeFileSync(join(folder, "linky", "SKILL.md"), "---\nname: linky\ndescription: a skill with a symlink\n---\nhi\n");
    symlinkSync("/etc/hostname", join(folder, "linky", "host"));
    mkdirSync(join(folder, "shared-assets"));
    writeFileSync(join(folder, "shared-assets", "logo.txt"), "logo\n");
  }, 60_000);
  afterAll(async () => {
    await serve?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const run = (args: string[]) => {
    const r = spawnSync("node", [CLI, ...args], { env: { ...serve.env, SKILLSIGN_TOKEN: creator }, encoding: "utf8", timeout: 180_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it("uploads the good skill, reports the refused one and the skipped folder, in text and JSON", () => {
    const text = run(["submit", "--server", serve.url, folder]);
    expect(text.err).not.toMatch(/\n\s+at /);
    expect(text.out).toMatch(/^submission \d+: \S+: (approved|review|rejected)/m);
    expect(text.out).toMatch(/^INPUT ERROR {2}.*skills\/linky\n {2}\[SYMLINK\] /m);
    expect(text.out).toMatch(/^skipped {2}.*skills\/shared-assets {2}\(no SKILL\.md: not a skill\)$/m);
    expect(text.code).toBeGreaterThanOrEqual(2);
    expect(text.code).not.toBe(3);

    const json = run(["submit", "--server", serve.url, "--json", "--no-wait", folder]);
    expect(json.code, json.err).toBe(2); // nothing waited for: the input error alone decides
    const body = JSON.parse(json.out);
    expect(body.submissions).toHaveLength(1);
    expect(body.inputErrors).toEqual([expect.objectContaining({ path: expect.stringMatching(/linky$/), code: "SYMLINK" })]);
    expect(body.skipped).toEqual([expect.objectContaining({ path: expect.stringMatching(/shared-assets$/), reason: "no SKILL.md: not a skill" })]);
  });
});
