import { createHash, createPublicKey, verify as nodeVerify } from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contentHash, type ContentHashEntry } from "../../src/snapshot/content-hash.js";
import { pae } from "../../src/signing/dsse.js";
import { Ed25519Signer } from "../../src/signing/ed25519-signer.js";
import { keyIdOf, verifyStrict } from "../../src/signing/ed25519.js";
import { canonicalJson, permissionsHash } from "../../src/signing/permissions-hash.js";
import { normalisePermissions } from "../../src/skill/permissions.js";

const VECTORS = join(import.meta.dirname, "..", "vectors");
const load = (name: string) => JSON.parse(readFileSync(join(VECTORS, `${name}.json`), "utf8"));
const contentVectors = load("content-hash");
const permVector = load("permissions-hash");
const paeVectors = load("pae");
const sigVector = load("signature");

/** A second, deliberately naive encoding of the content-hash framing (no shared helpers). */
function framedBytes(entries: ContentHashEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  const parts: Buffer[] = [Buffer.from("skillsign/content/v1\0")];
  const count = Buffer.alloc(8);
  count.writeBigUInt64BE(BigInt(sorted.length));
  parts.push(count);
  for (const e of sorted) {
    const p = Buffer.from(e.path, "utf8");
    const len = Buffer.alloc(4);
    len.writeUInt32BE(p.length);
    const size = Buffer.alloc(8);
    size.writeBigUInt64BE(BigInt(e.size));
    parts.push(len, p, Buffer.from([e.executable ? 1 : 0]), size, Buffer.from(e.sha256, "hex"));
  }
  return Buffer.concat(parts);
}

const hasPython = spawnSync("python3", ["--version"]).status === 0;

describe("content hash vectors", () => {
  for (const c of contentVectors.cases) {
    it(`${c.name}: contentHash() reproduces the documented digest`, () => {
      expect(contentHash(c.entries)).toBe(c.contentHash);
    });
    it(`${c.name}: an independent TS framing gives the same bytes and digest`, () => {
      const bytes = framedBytes(c.entries);
      expect(bytes.toString("hex")).toBe(c.framedHex);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(c.contentHash);
    });
    it.skipIf(!hasPython)(`${c.name}: python3 recomputes the same digest`, () => {
      const script = [
        "import sys,json,struct,hashlib",
        "es=sorted(json.load(sys.stdin),key=lambda e:e['path'].encode())",
        "b=b'skillsign/content/v1\\x00'+struct.pack('>Q',len(es))",
        "for e in es:",
        " p=e['path'].encode();b+=struct.pack('>I',len(p))+p+bytes([1 if e['executable'] else 0])+struct.pack('>Q',e['size'])+bytes.fromhex(e['sha256'])",
        "print(hashlib.sha256(b).hexdigest())",
      ].join("\n");
      const out = execFileSync("python3", ["-c", script], { input: JSON.stringify(c.entries) }).toString().trim();
      expect(out).toBe(c.contentHash);
    });
  }

  it("sorts by UTF-8 bytes, not UTF-16 code units", () => {
    const c = contentVectors.cases[0];
    const utf16 = [...c.entries.map((e: ContentHashEntry) => e.path)].sort();
    expect(c.sortedPaths).not.toEqual(utf16);
    const reordered = [...c.entries].reverse();
    expect(contentHash(reordered)).toBe(c.contentHash);
  });

  it("changes when any covered field changes", () => {
    const base: ContentHashEntry[] = contentVectors.cases[0].entries;
    const flip = (i: number, patch: Partial<ContentHashEntry>) => base.map((e, j) => (j === i ? { ...e, ...patch } : e));
    const variants = [
      flip(1, { executable: !base[1]!.executable }),
      flip(0, { size: base[0]!.size + 1 }),
      flip(0, { path: "SKILL.MD" }),
      flip(2, { sha256: "0".repeat(64) }),
      base.slice(1),
    ];
    for (const v of variants) expect(contentHash(v)).not.toBe(contentVectors.cases[0].contentHash);
  });
});

describe("permissions hash vector", () => {
  it("normalises the documented frontmatter into the documented object", () => {
    expect(normalisePermissions(permVector.frontmatter)).toEqual(permVector.permissions);
  });
  it("canonical JSON and hash match", () => {
    expect(canonicalJson(permVector.permissions)).toBe(permVector.canonicalJson);
    expect(permissionsHash(permVector.permissions)).toBe(permVector.permissionsHash);
    expect(createHash("sha256").update(permVector.canonicalJson).digest("hex")).toBe(permVector.permissionsHash);
  });
});

describe("DSSE PAE vectors", () => {
  for (const c of paeVectors.cases) {
    it(`PAE of ${JSON.stringify(c.payloadType)} matches`, () => {
      const bytes = Buffer.from(pae(c.payloadType, Buffer.from(c.payloadBase64, "base64")));
      expect(bytes.toString("hex")).toBe(c.paeHex);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(c.paeSha256);
    });
  }
  it("matches the DSSE spec's own example", () => {
    const bytes = Buffer.from(pae("http://example.com/HelloWorld", Buffer.from("hello world")));
    expect(bytes.toString("utf8")).toBe("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  });
});

describe("fixed-key signature vector", () => {
  const seed = Buffer.from(sigVector.seedHex, "hex");
  const signer = new Ed25519Signer(seed);

  it("derives the documented public key and key id", () => {
    expect(Buffer.from(signer.publicKey).toString("hex")).toBe(sigVector.publicKeyHex);
    expect(signer.keyId).toBe(sigVector.keyId);
    expect(keyIdOf(Buffer.from(sigVector.publicKeyHex, "hex"))).toBe(sigVector.keyId);
  });

  it("produces the documented deterministic signature, which strict verify and OpenSSL accept", async () => {
    const message = Buffer.from(sigVector.messagePaeHex, "hex");
    const { signature, keyId } = await signer.sign(message);
    expect(Buffer.from(signature).toString("hex")).toBe(sigVector.signatureHex);
    expect(keyId).toBe(sigVector.keyId);
    expect(verifyStrict(signature, message, signer.publicKey)).toBe(true);
    const spki = Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), Buffer.from(signer.publicKey)]);
    const nodeKey = createPublicKey({ key: spki, format: "der", type: "spki" });
    expect(nodeVerify(null, message, nodeKey, Buffer.from(signature))).toBe(true);
  });

  it("reproduces RFC 8032 test 1", async () => {
    const t = sigVector.rfc8032Test1;
    const rfc = new Ed25519Signer(Buffer.from(t.seedHex, "hex"));
    expect(Buffer.from(rfc.publicKey).toString("hex")).toBe(t.publicKeyHex);
    const { signature } = await rfc.sign(Buffer.from(t.messageHex, "hex"));
    expect(Buffer.from(signature).toString("hex")).toBe(t.signatureHex);
  });
});
