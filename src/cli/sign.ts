import { Option, type Command } from "commander";
import { UsageError } from "../errors.js";
import { passphraseFromEnv } from "../signing/key-file.js";
import { signByHand } from "../workflow/sign-by-hand.js";

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
      const sequence = flags.sequence !== undefined ? parseSequence(flags.sequence) : undefined;
      const done = await signByHand(skillDir, { keyPath: flags.key, passphrase, out: flags.out, sequence });
      process.stdout.write(`signed ${done.name}${done.version ? ` ${done.version}` : ""} (sequence ${done.sequence}) with key ${done.keyId}\n  signature: ${done.signaturePath}\n`);
      process.exitCode = 0;
    });
}

function parseSequence(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError("USAGE_ERROR", `--sequence must be a positive integer, got ${JSON.stringify(text)}`);
  }
  return n;
}
