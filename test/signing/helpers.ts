import type { ResolvedDependency } from "../../src/signing/statement.types.js";
import { mkdtempSync, mkdirSync, writeFileSync, chmodSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Ed25519Signer } from "../../src/signing/ed25519-signer.js";
import { randomSeed } from "../../src/signing/ed25519.js";
import { defaultSignaturePath, envelopeJson, signSkill } from "../../src/signing/sign.js";
import type { Envelope } from "../../src/signing/dsse.js";
import type { TrustFile, TrustedKey } from "../../src/signing/trust.js";
import { loadSkill } from "../../src/skill/load.js";
import { takeSnapshot } from "../../src/snapshot/snapshot.js";

export function tempDir(prefix = "skillsign-signing-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a small skill; `files` maps relative path → content (a leading "+x " marks executable). */
export function writeSkill(root: string, name: string, files: Record<string, string> = {}): string {
  const dir = join(root, name);
  const all: Record<string, string> = {
    "SKILL.md": `---\nname: ${name}\ndescription: A small skill used by the signing tests.\nallowed-tools: Read Bash(git status:*)\n---\n# ${name}\n\nRun scripts/run.sh.\n`,
    "+x scripts/run.sh": "#!/bin/sh\necho hello\n",
    "references/notes.md": "Notes.\n",
    ...files,
  };
  for (const [key, content] of Object.entries(all)) {
    const executable = key.startsWith("+x ");
    const rel = executable ? key.slice(3) : key;
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
    chmodSync(join(dir, rel), executable ? 0o755 : 0o644);
  }
  return dir;
}

export function newSigner(): Ed25519Signer {
  return new Ed25519Signer(randomSeed());
}

export function trustEntry(signer: { keyId: string; publicKey: Uint8Array }, over: Partial<TrustedKey> = {}): TrustedKey {
  return {
    keyId: signer.keyId,
    publicKey: Buffer.from(signer.publicKey).toString("base64"),
    validFrom: "2020-01-01T00:00:00.000Z",
    validUntil: "2100-01-01T00:00:00.000Z",
    ...over,
  };
}

export function trustOf(...keys: TrustedKey[]): TrustFile {
  return { schemaVersion: 1, keys };
}

/** Snapshots and signs a folder the way the pipeline does, writing `<dir>.skillsig.json`. */
export async function signFolder(
  dir: string,
  signer: Ed25519Signer,
  home: string,
  extra: { sequence?: number; signedAt?: Date; dependencies?: ResolvedDependency[] } = {},
): Promise<{ envelope: Envelope; sigPath: string }> {
  const snapshot = await takeSnapshot(dir, { storeDir: join(home, "snapshots") });
  const skill = loadSkill(snapshot);
  const envelope = await signSkill(
    {
      snapshot,
      name: skill.name,
      version: skill.version,
      permissions: skill.permissions,
      approval: { kind: "pipeline" },
      sequence: extra.sequence ?? 1,
      signedAt: extra.signedAt,
      ...(extra.dependencies ? { dependencies: extra.dependencies } : {}),
    },
    signer,
  );
  const sigPath = defaultSignaturePath(dir);
  await writeFile(sigPath, envelopeJson(envelope));
  return { envelope, sigPath };
}

export function decodePayload(envelope: Envelope): any {
  return JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8"));
}
