import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sanitiseRequirements } from "../../src/prefetch/requirements.js";
import { PrefetchStore, sha256Hex } from "../../src/prefetch/store.js";

const files = (map: Record<string, string>) => (rel: string) => map[rel];

describe("prefetch: what pip is asked for", () => {
  it("flattens includes from the skill, keeps --hash options and drops the skill's own index options", () => {
    const h = `sha256:${"a".repeat(64)}`;
    const r = sanitiseRequirements(["-r", "requirements.txt"], files({
      "requirements.txt": `--index-url https://evil.example.invalid/simple\n--extra-index-url=https://x.invalid/\n-r more/base.txt\nidna==3.20 \\\n  --hash=${h}\n`,
      "more/base.txt": `six==1.16.0 --hash=${h}\n`,
    }));
    expect(r.text).toBe(`six==1.16.0 --hash=${h}\nidna==3.20 --hash=${h}\n`);
    expect(r.hashMode).toBe(true);
    expect([...r.pinnedNames].sort()).toEqual(["idna", "six"]);
    expect(r.skipped.map((s) => s.line)).toEqual(["--index-url https://evil.example.invalid/simple", "--extra-index-url=https://x.invalid/"]);
    expect(r.text).not.toContain("invalid");
  });

  it("never reads outside the skill, and leaves URL/VCS requirements to the build (which fails offline)", () => {
    const r = sanitiseRequirements(["-r", "../../etc/passwd", "pkg @ https://x.invalid/p.whl", "git+https://x.invalid/r.git", "requests>=2"], files({}));
    expect(r.skipped.map((s) => s.why)).toEqual([
      "include outside the skill, repeated or too deep",
      "URL, VCS or editable requirements are not prefetched",
      "URL, VCS or editable requirements are not prefetched",
    ]);
    expect(r.text).toBe("requests>=2\n");
    expect(r.hashMode).toBe(false);
    expect(r.pinnedNames.size).toBe(0);
  });
});

describe("prefetch: the content-addressed store", () => {
  it("stores a file under its sha256 and trusts it only while its bytes still match", () => {
    const root = mkdtempSync(join(tmpdir(), "skillsign-store-"));
    const src = join(root, "x.whl");
    writeFileSync(src, "wheel bytes");
    const store = new PrefetchStore(join(root, "cache"));
    const sha = store.putFile(src);
    expect(sha).toBe(sha256Hex("wheel bytes"));
    expect(store.verified(sha)).toBe(true);
    writeFileSync(store.blobPath(sha), "tampered");
    expect(store.verified(sha)).toBe(false);
    store.writeResolution("k", [{ ecosystem: "pypi", name: "x", version: "1", file: "x.whl", sha256: sha, pinned: true }]);
    expect(store.readResolution("k")?.[0]?.sha256).toBe(sha);
    expect(store.readResolution("missing")).toBeUndefined();
  });
});
