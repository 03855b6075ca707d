import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { passphraseFromEnv } from "../signing/key-file.js";
import { loadSigningKey } from "../signing/keys.js";
import { catalogSkillFromFile, initRoot, publishCatalog, refreshTimestamp, rotateRoot, type KeySigner, type PublicKeyRef, type RootPlan } from "../signing/root/publish.js";

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const collect = (value: string, previous: string[] = []) => [...previous, value];
const DAY = 86_400_000;

interface RoleFlags {
  dir: string;
  rootKey: string[];
  signKey?: string[];
  threshold: string;
  targetsKey: string;
  timestampKey: string;
  signingKey: string[];
  revocationKey: string[];
  revocationThreshold: string;
  expiresDays: string;
}

/**
 * `skillsign trust init|rotate-root|publish|timestamp`: the marketplace side of the root of trust
 * (docs/trust.md). Role keys are skillsign key files (.key) or public key files (.pub); only the
 * keys that sign something need their private half and SKILLSIGN_KEY_PASSPHRASE.
 */
export function registerTrust(program: Command): void {
  const trust = program.command("trust").description("manage a root of trust: root keys (k of n), catalog, timestamp");
  const roleOptions = (c: Command) =>
    c
      .requiredOption("--dir <dir>", "the trust folder (root.json, N.root.json, catalog.json, timestamp.json)")
      .option("--root-key <file>", "a root key (.key or .pub); repeat for each", collect)
      .option("--threshold <k>", "root signatures required", "1")
      .requiredOption("--targets-key <file>", "key that signs the catalog")
      .requiredOption("--timestamp-key <file>", "key that signs the timestamp")
      .option("--signing-key <file>", "key allowed to sign skills; repeat", collect)
      .option("--revocation-key <file>", "key allowed to sign revocation lists; repeat", collect)
      .option("--revocation-threshold <k>", "revocation signatures required", "1")
      .option("--expires-days <n>", "days until this root expires", "365");

  roleOptions(trust.command("init").description("write root.json (version 1), signed by the root keys given as .key files")).action(async (flags: RoleFlags) => {
    const { plan, signers } = await rootPlan(flags, 1, flags.rootKey ?? []);
    await initRoot(flags.dir, plan, signers);
    out(`root version 1 written to ${flags.dir}/root.json (root threshold ${plan.roles.root.threshold} of ${plan.roles.root.keys.length})`);
  });

  roleOptions(trust.command("rotate-root").description("write the next N.root.json, signed by enough old AND new root keys (--sign-key)"))
    .option("--sign-key <file>", "a root key (.key) that signs this rotation; repeat", collect)
    .requiredOption("--root-version <n>", "the new root version (previous + 1)")
    .action(async (flags: RoleFlags & { rootVersion: string }) => {
      const version = positive(flags.rootVersion, "--root-version");
      const { plan, signers } = await rootPlan(flags, version, flags.signKey ?? []);
      await rotateRoot(flags.dir, plan, signers);
      out(`root version ${version} written to ${flags.dir}/${version}.root.json`);
    });

  trust
    .command("publish")
    .description("publish the next catalog (adds/updates the given skills' signatures) and timestamp")
    .argument("<signature-files...>", "the skills' .skillsig.json files")
    .requiredOption("--dir <dir>", "the trust folder")
    .requiredOption("--targets-key <file>", "catalog key (.key)")
    .requiredOption("--timestamp-key <file>", "timestamp key (.key)")
    .option("--catalog-days <n>", "days until the catalog expires", "30")
    .option("--timestamp-days <n>", "days until the timestamp expires", "1")
    .action(async (files: string[], flags: { dir: string; targetsKey: string; timestampKey: string; catalogDays: string; timestampDays: string }) => {
      const passphrase = passphraseFromEnv();
      const skills = await Promise.all(files.map((f) => catalogSkillFromFile(f)));
      const r = await publishCatalog(
        flags.dir,
        skills,
        { targets: [await signer(flags.targetsKey, passphrase)], timestamp: [await signer(flags.timestampKey, passphrase)] },
        { catalogExpires: days(flags.catalogDays), timestampExpires: days(flags.timestampDays) },
      );
      out(`catalog version ${r.catalogVersion} (${skills.map((s) => s.name).join(", ")}), timestamp version ${r.timestampVersion}`);
    });

  trust
    .command("timestamp")
    .description("re-sign the timestamp with a fresh expiry (run often: runtimes refuse a stale one)")
    .requiredOption("--dir <dir>", "the trust folder")
    .requiredOption("--timestamp-key <file>", "timestamp key (.key)")
    .option("--days <n>", "days until it expires", "1")
    .action(async (flags: { dir: string; timestampKey: string; days: string }) => {
      const version = await refreshTimestamp(flags.dir, [await signer(flags.timestampKey, passphraseFromEnv())], days(flags.days));
      out(`timestamp version ${version}`);
    });
}

async function rootPlan(flags: RoleFlags, version: number, signerFiles: string[]): Promise<{ plan: RootPlan; signers: KeySigner[] }> {
  const rootKeys = await Promise.all((flags.rootKey ?? []).map(publicKeyOf));
  if (rootKeys.length === 0) throw new UsageError("USAGE_ERROR", "give at least one --root-key");
  const threshold = positive(flags.threshold, "--threshold");
  if (threshold > rootKeys.length) throw new UsageError("USAGE_ERROR", `--threshold ${threshold} exceeds the ${rootKeys.length} root key(s)`);
  const passphrase = passphraseFromEnv();
  const signers = await Promise.all(signerFiles.filter((f) => f.endsWith(".key")).map((f) => signer(f, passphrase)));
  const timestamp = await publicKeyOf(flags.timestampKey);
  const plan: RootPlan = {
    version,
    expires: days(flags.expiresDays),
    roles: {
      root: { keys: rootKeys, threshold },
      targets: { keys: [await publicKeyOf(flags.targetsKey)], threshold: 1 },
      snapshot: { keys: [timestamp], threshold: 1 },
      timestamp: { keys: [timestamp], threshold: 1 },
      signing: { keys: await Promise.all((flags.signingKey ?? []).map(publicKeyOf)), threshold: 1 },
      revocation: { keys: await Promise.all((flags.revocationKey ?? []).map(publicKeyOf)), threshold: positive(flags.revocationThreshold, "--revocation-threshold") },
    },
  };
  if (plan.roles.signing.keys.length === 0) throw new UsageError("USAGE_ERROR", "give at least one --signing-key");
  return { plan, signers };
}

/** Public half of a .key or .pub file (both carry keyId and base64 publicKey). */
async function publicKeyOf(path: string): Promise<PublicKeyRef> {
  const raw = JSON.parse(await readFile(path, "utf8").catch(() => { throw new UsageError("FILE_NOT_FOUND", `cannot read key file ${path}`); })) as { keyId?: string; publicKey?: string };
  if (typeof raw.keyId !== "string" || typeof raw.publicKey !== "string") throw new UsageError("USAGE_ERROR", `${path} is not a skillsign key or public key file`);
  return { keyId: raw.keyId, publicKey: Buffer.from(raw.publicKey, "base64") };
}

async function signer(path: string, passphrase: string): Promise<KeySigner> {
  return (await loadSigningKey(path, passphrase)) as unknown as KeySigner;
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1) throw new UsageError("USAGE_ERROR", `${flag} must be a positive integer`);
  return n;
}

function days(text: string): Date {
  return new Date(Date.now() + positive(text, "days") * DAY);
}
