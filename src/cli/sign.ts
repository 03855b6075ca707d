import { realpath } from "node:fs/promises";
import { dirname, join, relative, resolve, isAbsolute, basename } from "node:path";
import { Option, type Command } from "commander";
import { skillsignHome } from "../config/home.js";
import { UsageError } from "../errors.js";
import { writeSignatureFile } from "../signing/atomic-write.js";
import { IN_TOTO_PAYLOAD_TYPE, parseEnvelope } from "../signing/dsse.js";
import { passphraseFromEnv } from "../signing/key-file.js";
import { readRegularFile } from "../signing/safe-read.js";
import { loadSigningKey } from "../signing/keys.js";
import { defaultSignaturePath, envelopeJson, signSkill } from "../signing/sign.js";
import { loadSkill } from "../skill/load.js";
import { takeSnapshot } from "../snapshot/snapshot.js";

interface SignFlags {
  key: string;
  out?: string;
  sequence?: string;
}

/** `skillsign sign`: the key holder's explicit manual approval, recorded as such in the predicate. */
export function registerSign(program: Command): void {
  program
    .command("sign")
    .description("sign a skill folder by hand (approval kind \"manual\"); writes a detached signature beside it")
    .argument("<skill-dir>", "the skill folder (contains SKILL.md)")
    .addOption(new Option("--key <file>", "encrypted private key file (passphrase in SKILLSIGN_KEY_PASSPHRASE)").env("SKILLSIGN_SIGNING_KEY").makeOptionMandatory())
    .option("--out <file>", "where to write the signature (default: <skill-dir>.skillsig.json)")
    .option("--sequence <n>", "sequence number (default: previous signature at --out + 1, else 1)")
    .action(async (skillDir: string, flags: SignFlags) => {
      const passphrase = passphraseFromEnv();
      const out = resolve(flags.out ?? defaultSignaturePath(skillDir));
      await refuseInside(skillDir, out);
      const sequence = flags.sequence !== undefined ? parseSequence(flags.sequence) : (await previousSequence(out)) + 1;
      const snapshot = await takeSnapshot(skillDir, { storeDir: join(skillsignHome(), "snapshots") });
      const skill = loadSkill(snapshot);
      if (!skill.parsed.ok) throw new UsageError("USAGE_ERROR", `cannot sign: ${snapshot.skillMdPath}: ${skill.parsed.message}`);
      if (!skill.name) throw new UsageError("USAGE_ERROR", "cannot sign: SKILL.md has no name in its frontmatter");
      const signer = await loadSigningKey(flags.key, passphrase);
      const envelope = await signSkill(
        { snapshot, name: skill.name, version: skill.version, permissions: skill.permissions, approval: { kind: "manual" }, sequence },
        signer,
      );
      await writeSignatureFile(out, envelopeJson(envelope));
      process.stdout.write(`signed ${skill.name}${skill.version ? ` ${skill.version}` : ""} (sequence ${sequence}) with key ${signer.keyId}\n  signature: ${out}\n`);
      process.exitCode = 0;
    });
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

function parseSequence(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError("USAGE_ERROR", `--sequence must be a positive integer, got ${JSON.stringify(text)}`);
  }
  return n;
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
