import { realpath } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { skillsignHome } from "../config/home.js";
import { UsageError } from "../errors.js";
import { writeSignatureFile } from "../signing/atomic-write.js";
import { IN_TOTO_PAYLOAD_TYPE, parseEnvelope } from "../signing/dsse.js";
import { loadSigningKey } from "../signing/keys.js";
import { readRegularFile } from "../signing/safe-read.js";
import { defaultSignaturePath, envelopeJson, signSkill } from "../signing/sign.js";
import { loadSkill } from "../skill/load.js";
import { takeSnapshot } from "../snapshot/snapshot.js";
import { signingInput } from "./sign-request.js";

export interface SignByHandOptions {
  keyPath: string;
  passphrase: string;
  /** Where the signature goes (default: beside the folder). */
  out?: string;
  /** Default: the previous signature at `out` + 1, else 1. */
  sequence?: number;
  home?: string;
  now?: Date;
}

export interface SignedByHand {
  name: string;
  version: string;
  sequence: number;
  keyId: string;
  signaturePath: string;
}

/** `skillsign sign`: the key holder's explicit approval (kind "manual"), signed like every other approval. */
export async function signByHand(skillDir: string, o: SignByHandOptions): Promise<SignedByHand> {
  const out = resolve(o.out ?? defaultSignaturePath(skillDir));
  await refuseInside(skillDir, out);
  const sequence = o.sequence ?? (await previousSequence(out)) + 1;
  const snapshot = await takeSnapshot(skillDir, { storeDir: join(o.home ?? skillsignHome(), "snapshots") });
  const skill = loadSkill(snapshot);
  if (!skill.parsed.ok) throw new UsageError("USAGE_ERROR", `cannot sign: ${snapshot.skillMdPath}: ${skill.parsed.message}`);
  if (!skill.name) throw new UsageError("USAGE_ERROR", "cannot sign: SKILL.md has no name in its frontmatter");
  const signer = await loadSigningKey(o.keyPath, o.passphrase);
  const envelope = await signSkill(signingInput({ by: "manual", snapshot, skill }, sequence, o.now ?? new Date()), signer);
  await writeSignatureFile(out, envelopeJson(envelope));
  return { name: skill.name, version: skill.version, sequence, keyId: signer.keyId, signaturePath: out };
}

/** A signature inside the folder would change the very content it signs. */
async function refuseInside(skillDir: string, out: string): Promise<void> {
  const dir = await realpath(resolve(skillDir)).catch(() => resolve(skillDir));
  const outParent = await realpath(dirname(out)).catch(() => dirname(out));
  const rel = relative(dir, join(outParent, basename(out)));
  if (rel === "" || (!rel.startsWith("..") && !isAbsolute(rel))) {
    throw new UsageError("USAGE_ERROR", `--out ${out} is inside the skill folder; write the signature beside the folder instead`);
  }
}

async function previousSequence(path: string): Promise<number> {
  const read = await readRegularFile(path, 16 * 1024 * 1024);
  if (!read.ok && read.problem === "missing") return 0;
  try {
    if (!read.ok) throw new UsageError("FILE_NOT_FOUND", read.detail);
    const env = parseEnvelope(read.bytes.toString("utf8"), IN_TOTO_PAYLOAD_TYPE);
    const seq = JSON.parse(env.payload.toString("utf8"))?.predicate?.sequence;
    if (Number.isSafeInteger(seq) && seq > 0) return seq as number;
  } catch {
    // fall through to the usage error below
  }
  throw new UsageError("USAGE_ERROR", `${path} exists but is not a readable skillsign signature; pass --sequence explicitly`);
}
