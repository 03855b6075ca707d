import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { SnapshotError } from "../snapshot/error.js";
import { openTrust, saveContextState, type OpenTrustOptions } from "./open-trust.js";
import { VerificationError } from "./error.js";
import { reasonOf, verifySkill } from "./verify.js";
import type { VerifyReason } from "./verify.types.js";

const CONCURRENCY = 8;

export interface VerifyAllEntry {
  name: string;
  ok: boolean;
  reason: VerifyReason | "hostile-folder";
  message: string;
  keyId?: string;
  sequence?: number;
}

export interface VerifyAllSummary {
  ok: boolean;
  total: number;
  failed: number;
  skills: VerifyAllEntry[];
}

/**
 * Boot-time check of every installed skill: each folder `SKILLS_DIR/<name>` against
 * `SKILLS_DIR/<name>.skillsig.json`, expecting the signed name `<name>`. Trust (root chain,
 * catalog, revocations) is opened once. A folder that cannot even be snapshotted (symlink, FIFO)
 * is a failure of that skill, not of the run. Dot-entries and plain files are skipped.
 */
export async function verifyAll(skillsDir: string, options: OpenTrustOptions = {}): Promise<VerifyAllSummary> {
  const dir = resolve(skillsDir);
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => !e.name.startsWith(".") && (e.isDirectory() || e.isSymbolicLink())).map((e) => e.name).sort();
  let context;
  try {
    context = await openTrust(options);
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
    // The trust source itself is expired, replayed or forged: every skill fails with that reason.
    const skills = names.map((name) => ({ name, ok: false, reason: reasonOf(err), message: err.message }));
    return { ok: false, total: names.length, failed: names.length, skills };
  }
  const skills: VerifyAllEntry[] = new Array(names.length);
  const one = async (i: number): Promise<void> => {
    const name = names[i]!;
    try {
      const r = await verifySkill(join(dir, name), { context, expectedName: name });
      skills[i] = { name, ok: r.ok, reason: r.reason, message: r.message, ...(r.keyId ? { keyId: r.keyId } : {}), ...(r.skill ? { sequence: r.skill.sequence } : {}) };
    } catch (err) {
      if (!(err instanceof SnapshotError)) throw err;
      skills[i] = { name, ok: false, reason: "hostile-folder", message: err.message };
    }
  };
  // A few skills in flight overlap their file reads; the hashing itself stays on one thread.
  let next = 0;
  const worker = async () => {
    while (next < names.length) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, names.length) }, worker));
  await saveContextState(context);
  const failed = skills.filter((s) => !s.ok).length;
  return { ok: failed === 0, total: skills.length, failed, skills };
}
