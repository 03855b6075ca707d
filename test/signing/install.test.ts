import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { installSkill } from "../../src/signing/install.js";
import { verifySkill } from "../../src/signing/verify.js";
import { writeSignature } from "../../src/workflow/sign-request.js";
import { newSigner, signFolder, tempDir, trustEntry, trustOf, writeSkill } from "./helpers.js";

describe("install and signature writes", () => {
  it("installs only signed files: no empty folders, modes 0644/0755 from the signed executable bit", async () => {
    const root = tempDir();
    const home = tempDir("skillsign-home-");
    const signer = newSigner();
    const skill = writeSkill(root, "modes");
    mkdirSync(join(skill, "empty", "deeper"), { recursive: true });
    chmodSync(join(skill, "references/notes.md"), 0o600);
    await signFolder(skill, signer, home);
    const trust = trustOf(trustEntry(signer));
    const r = await verifySkill(skill, { trust, home });
    expect(r.ok).toBe(true);
    // The verified bytes are in memory: changing the folder afterwards does not change them.
    writeFileSync(join(skill, "scripts/run.sh"), "#!/bin/sh\necho swapped\n");
    expect(r.verified!.contents.get("scripts/run.sh")!.toString()).toBe("#!/bin/sh\necho hello\n");
    writeFileSync(join(skill, "scripts/run.sh"), "#!/bin/sh\necho hello\n");
    const into = join(root, "into");
    const { result, installedAt } = await installSkill(skill, into, { trust, home });
    expect(result.ok).toBe(true);
    expect(installedAt).toBe(join(into, "modes"));
    expect(existsSync(join(into, "modes", "empty"))).toBe(false);
    expect(statSync(join(into, "modes", "references/notes.md")).mode & 0o777).toBe(0o644);
    expect(statSync(join(into, "modes", "scripts/run.sh")).mode & 0o777).toBe(0o755);
    expect(readdirSync(into).sort()).toEqual(["modes", "modes.skillsig.json"]);
    expect((await verifySkill(join(into, "modes"), { trust, home })).ok).toBe(true);
    // A second install replaces the folder atomically and leaves no temporary folder.
    expect((await installSkill(skill, into, { trust, home })).installedAt).toBe(join(into, "modes"));
    expect(readdirSync(into).sort()).toEqual(["modes", "modes.skillsig.json"]);
  });

  it("the pipeline's signature writer (ci, review approve) refuses a planted symlink", async () => {
    const root = tempDir();
    const skill = writeSkill(root, "planted-ci");
    const victim = join(root, "victim");
    writeFileSync(victim, "keep\n");
    symlinkSync(victim, `${skill}.skillsig.json`);
    await expect(writeSignature(skill, { envelope: { payloadType: "x", payload: "", signatures: [] } } as never)).rejects.toThrow(/symbolic link/);
    expect(readFileSync(victim, "utf8")).toBe("keep\n");
  });
});
