// Helper C's pipeline may sign permissions it inferred (`inferred: true`) for a skill that declared
// none; verify accepts that only while SKILL.md still declares none of the inferred lists.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultSignaturePath, envelopeJson, signSkill } from "../../src/signing/sign.js";
import { verifySkill } from "../../src/signing/verify.js";
import { loadSkill } from "../../src/skill/load.js";
import { takeSnapshot } from "../../src/snapshot/snapshot.js";
import { newSigner, tempDir, trustEntry, trustOf, writeSkill } from "./helpers.js";

async function signInferred(dir: string, signer: ReturnType<typeof newSigner>) {
  const snapshot = await takeSnapshot(dir);
  const skill = loadSkill(snapshot);
  const permissions = { ...skill.permissions, bins: ["curl"], network: ["api.example.invalid"], inferred: true } as never;
  const env = await signSkill({ snapshot, name: skill.name, version: "", permissions, approval: { kind: "pipeline" }, sequence: 1 }, signer);
  writeFileSync(defaultSignaturePath(dir), envelopeJson(env));
}

describe("signed inferred permissions", () => {
  it("verify accepts them while SKILL.md declares none, and returns the signed (inferred) object to enforce", async () => {
    const signer = newSigner();
    const skill = writeSkill(tempDir(), "inferred-ok");
    await signInferred(skill, signer);
    const r = await verifySkill(skill, { trust: trustOf(trustEntry(signer)), home: tempDir() });
    expect(r.reason).toBe("ok");
    expect(r.verified!.permissions).toMatchObject({ bins: ["curl"], network: ["api.example.invalid"], inferred: true });
  });

  it("a SKILL.md that now declares bins does not match inferred permissions", async () => {
    const signer = newSigner();
    const root = tempDir();
    const skill = writeSkill(root, "inferred-bad", {
      "SKILL.md": "---\nname: inferred-bad\ndescription: x\nrequires:\n  bins: [curl]\n---\nbody\n",
    });
    await signInferred(skill, signer);
    const r = await verifySkill(skill, { trust: trustOf(trustEntry(signer)), home: join(root, "h") });
    expect(r.reason).toBe("permissions-mismatch");
  });
});
