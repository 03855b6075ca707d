import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEV_KEY_DIR, developmentKey } from "../../src/workflow/dev-key.js";

describe("the development key", () => {
  it("is created once under the home, labelled, with a private passphrase and its own trust file", async () => {
    const home = join(mkdtempSync(join(tmpdir(), "dev-key-")), "home");
    const [a, b, c] = await Promise.all([developmentKey(home), developmentKey(home), developmentKey(home)]);
    // Three first runs at once end with one key; each loads the same one.
    expect(new Set([a!.signer.keyId, b!.signer.keyId, c!.signer.keyId]).size).toBe(1);
    expect([a, b, c].filter((k) => k!.created).length).toBe(1);
    expect(readdirSync(home).filter((n) => n.startsWith(`.${DEV_KEY_DIR}-`))).toEqual([]);
    const dir = join(home, DEV_KEY_DIR);
    expect(readFileSync(join(dir, "LABEL"), "utf8").trim()).toBe("development");
    expect(statSync(join(dir, "passphrase")).mode & 0o077).toBe(0);
    expect(statSync(join(dir, "skillsign.key")).mode & 0o077).toBe(0);
    const trust = JSON.parse(readFileSync(join(dir, "trust.json"), "utf8"));
    expect(trust.keys.map((k: { keyId: string }) => k.keyId)).toEqual([a!.signer.keyId]);
    const again = await developmentKey(home);
    expect(again).toMatchObject({ created: false, dir, trustPath: join(dir, "trust.json") });
    expect(again.signer.keyId).toBe(a!.signer.keyId);
  });
});
