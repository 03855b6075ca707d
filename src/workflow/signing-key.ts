import { UsageError } from "../errors.js";
import { loadSigningKey } from "../signing/index.js";

export const SIGNING_KEY_ENV = "SKILLSIGN_SIGNING_KEY";
export const PASSPHRASE_ENV = "SKILLSIGN_KEY_PASSPHRASE";

export type LoadedSigner = Awaited<ReturnType<typeof loadSigningKey>>;

/**
 * The key approvals are signed with: $SKILLSIGN_SIGNING_KEY (a key file path) unlocked with
 * $SKILLSIGN_KEY_PASSPHRASE. Undefined when no key is configured; an error when the key is
 * configured but cannot be used (a misconfigured key must not silently skip signing).
 */
export async function configuredSigner(env: NodeJS.ProcessEnv = process.env): Promise<LoadedSigner | undefined> {
  const keyPath = env[SIGNING_KEY_ENV]?.trim();
  if (!keyPath) return undefined;
  const passphrase = env[PASSPHRASE_ENV];
  if (!passphrase) {
    throw new UsageError("PASSPHRASE_MISSING", `${SIGNING_KEY_ENV} is set but ${PASSPHRASE_ENV} is not; set it to unlock the signing key`);
  }
  return loadSigningKey(keyPath, passphrase);
}

export async function requiredSigner(env: NodeJS.ProcessEnv = process.env): Promise<LoadedSigner> {
  const signer = await configuredSigner(env);
  if (!signer) {
    throw new UsageError("CONFIG_ERROR", `approving signs the skill: set ${SIGNING_KEY_ENV} to a key file (skillsign keys generate) and ${PASSPHRASE_ENV}`);
  }
  return signer;
}
