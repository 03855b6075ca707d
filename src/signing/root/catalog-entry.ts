import type { Targets } from "@tufjs/models";
import { VerificationError } from "../error.js";
import { SKILL_NAME } from "../trust.js";
import type { CatalogEntry } from "./repo.types.js";

/** Reads `targets` into typed entries: path = skill name, hashes.sha256/length = the signature file. */
export function parseCatalogEntries(targets: Targets): ReadonlyMap<string, CatalogEntry> {
  const out = new Map<string, CatalogEntry>();
  for (const [name, t] of Object.entries(targets.targets)) {
    const c = t.custom as Record<string, unknown>;
    const ok =
      SKILL_NAME.test(name) &&
      /^[0-9a-f]{64}$/.test(t.hashes.sha256 ?? "") &&
      typeof c.contentHash === "string" &&
      /^[0-9a-f]{64}$/.test(c.contentHash) &&
      typeof c.permissionsHash === "string" &&
      /^[0-9a-f]{64}$/.test(c.permissionsHash) &&
      Number.isSafeInteger(c.sequence) &&
      (c.sequence as number) > 0;
    if (!ok) throw new VerificationError("MALFORMED", `catalog.json: entry ${JSON.stringify(name)} is not a skill entry`);
    out.set(name, {
      signatureSha256: t.hashes.sha256!,
      signatureLength: t.length,
      contentHash: c.contentHash as string,
      permissionsHash: c.permissionsHash as string,
      sequence: c.sequence as number,
    });
  }
  return out;
}
