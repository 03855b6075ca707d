import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writeFileAtomic } from "./atomic-write.js";
import { sha256Hex } from "../snapshot/content-hash.js";
import { readRegularFile } from "./safe-read.js";
import { parseStrictJson } from "./strict-json.js";
import * as S from "./shape.js";
import { SKILL_NAME } from "./trust.js";

/**
 * What this machine has already accepted from one trust source (TUF's "trusted metadata"):
 * the highest versions seen, and the keys a revocation list has revoked. A later list or catalog
 * with a lower version is a replay; a later revocation list that drops a key is refused.
 */
export interface TrustState {
  schemaVersion: 1;
  root?: number;
  timestamp?: number;
  catalog?: number;
  revocations?: { version: number; sha256: string; revoked: string[] };
  /** Highest signature sequence verified per skill: an older signature is a rollback even without a catalog. */
  skills?: Record<string, number>;
}

const skillName: S.Check<string> = (v, at) => {
  if (!SKILL_NAME.test(S.str(v, at))) throw new S.ShapeError(at, "not a skill name");
  return v as string;
};

const schema = S.object(
  { schemaVersion: S.literal(1) },
  {
    root: S.int(1),
    timestamp: S.int(1),
    catalog: S.int(1),
    revocations: S.object({ version: S.int(1), sha256: S.hex64, revoked: S.array(S.hex64) }),
    skills: S.record(skillName, S.int(1)),
  },
);

/** `<home>/trust-state/<sha256(trust path)[:16]>.json`: one state per trust source. */
export function defaultStatePath(home: string, trustPath: string): string {
  return join(home, "trust-state", `${sha256Hex(trustPath).slice(0, 16)}.json`);
}

/** A missing state is empty; a damaged one is also treated as empty but reported by the caller's message. */
export async function loadTrustState(path: string): Promise<TrustState> {
  const read = await readRegularFile(path, 1024 * 1024);
  if (!read.ok) return { schemaVersion: 1 };
  try {
    const parsed = S.tryShape(schema, parseStrictJson(read.bytes.toString("utf8"), path));
    return parsed.ok ? (parsed.value as TrustState) : { schemaVersion: 1 };
  } catch {
    return { schemaVersion: 1 };
  }
}

/**
 * Best effort: a read-only home (a locked-down container) cannot remember versions; expiry then
 * bounds how long an old list or catalog can be replayed (docs/trust.md).
 */
export async function saveTrustState(path: string, state: TrustState): Promise<boolean> {
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`, 0o600);
    return true;
  } catch {
    return false;
  }
}
