import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { hostPython } from "../../src/prefetch/pip.js";
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

  it("writes the signed PyPI dependencies beside the folder as a hash-pinned requirements file that real pip accepts", async () => {
    const root = tempDir();
    const home = tempDir("skillsign-home-");
    const signer = newSigner();
    const skill = writeSkill(root, "deps");
    const IDNA = "ab7ae7122974553370f0bdb919e1a960b2cd1bc1ef0276416d896db81c14582c"; // idna-3.20-py3-none-any.whl
    await signFolder(skill, signer, home, { dependencies: [
      { ecosystem: "pypi", name: "idna", version: "3.20", sha256: IDNA, pinned: false },
      { ecosystem: "npm", name: "is-number", version: "7.0.0", integrity: "sha512-x", pinned: true },
    ] });
    const trust = trustOf(trustEntry(signer));
    const into = join(root, "into");
    const r = await installSkill(skill, into, { trust, home });
    expect(r.dependencyLock).toBe(join(into, "deps.requirements.txt"));
    const lock = readFileSync(r.dependencyLock!, "utf8");
    expect(lock.split("\n").filter((l) => l && !l.startsWith("#"))).toEqual([`idna==3.20 --hash=sha256:${IDNA}`]);
    expect(readdirSync(join(into, "deps"))).not.toContain("deps.requirements.txt"); // beside, not inside: the folder stays the signed files
    // Real pip, real PyPI: the file is a valid hash-checking requirements file for exactly that wheel.
    const dl = tempDir("skillsign-piplock-");
    const pip = spawnSync(hostPython(process.env), ["-m", "pip", "download", "--no-deps", "--require-hashes", "--only-binary=:all:", "-d", dl, "-r", r.dependencyLock!], { encoding: "utf8", env: { ...process.env, PIP_CONFIG_FILE: "/dev/null" } });
    expect(pip.status, pip.stderr).toBe(0);
    expect(readdirSync(dl)).toEqual(["idna-3.20-py3-none-any.whl"]);
    // The CLI (light entry) says where the file is and how to use it, in text and JSON.
    const trustFile = join(root, "trust.json");
    writeFileSync(trustFile, JSON.stringify(trust));
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(import.meta.dirname, "../../dist/bin/skillsign.js"), "install", skill, "--into", into, "--trust", trustFile, ...args], { encoding: "utf8", env: { ...process.env, SKILLSIGN_HOME: home } });
    const text = cli();
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain(`dependencies (signed, hash-pinned): pip install --no-deps --require-hashes -r ${join(into, "deps.requirements.txt")}\n`);
    expect(JSON.parse(cli("--json").stdout)).toMatchObject({ ok: true, installedAt: join(into, "deps"), dependencyLock: join(into, "deps.requirements.txt") });
    // Re-signed without dependencies: a re-install removes the stale file.
    await signFolder(skill, signer, home, { sequence: 2 });
    const again = await installSkill(skill, into, { trust, home });
    expect(again.dependencyLock).toBeUndefined();
    expect(readdirSync(into).sort()).toEqual(["deps", "deps.skillsig.json"]);
  }, 120_000);

  it("refuses, before placing anything, a signed dependency that would not be a plain pinned requirement", async () => {
    const root = tempDir();
    const home = tempDir("skillsign-home-");
    const signer = newSigner();
    const skill = writeSkill(root, "baddeps");
    await signFolder(skill, signer, home, { dependencies: [
      { ecosystem: "pypi", name: "idna\n--index-url https://evil.example.invalid/simple", version: "3.20", sha256: "a".repeat(64), pinned: true },
    ] });
    const into = join(root, "into");
    await expect(installSkill(skill, into, { trust: trustOf(trustEntry(signer)), home })).rejects.toThrow(/cannot be written as a pinned requirement/);
    expect(existsSync(into) ? readdirSync(into) : []).toEqual([]);
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
