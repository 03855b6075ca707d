import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateKeyPair, KEY_FILE, loadSigningKey, TRUST_FILE } from "../signing/index.js";
import type { LoadedSigner } from "./signing-key.js";

/** The folder under $SKILLSIGN_HOME; its name, its LABEL file and every message say "development". */
export const DEV_KEY_DIR = "development-key";
export const DEV_KEY_LABEL = "development";
const PASSPHRASE_FILE = "passphrase";

const README = `skillsign DEVELOPMENT key (label: ${DEV_KEY_LABEL})

Created by \`skillsign submit\` because no SKILLSIGN_SIGNING_KEY was configured, so a first run
shows the whole loop (scan -> verdict -> signature -> verify). Its passphrase sits in plain text
beside it: never use it for skills anyone else installs.

Its trust file (trust.json here) is not $SKILLSIGN_HOME/trust.json: verify and install accept
this key only when given --trust ${DEV_KEY_DIR}/trust.json, or when someone copies its entry
into a production trust file on purpose.

Real keys: skillsign keys generate --out DIR (passphrase in SKILLSIGN_KEY_PASSPHRASE), then set
SKILLSIGN_SIGNING_KEY=DIR/skillsign.key and publish DIR/trust.json to the runtimes (docs/trust.md).
`;

export interface DevelopmentKey {
  signer: LoadedSigner;
  dir: string;
  trustPath: string;
  /** True when this call created the key. */
  created: boolean;
}

/**
 * The development key under `home`, created on first use. It is built in a private temp folder
 * and renamed into place, so two first runs at once end with one key (the loser loads the winner's).
 */
export async function developmentKey(home: string): Promise<DevelopmentKey> {
  const dir = join(home, DEV_KEY_DIR);
  let created = false;
  if (!existsSync(join(dir, KEY_FILE))) {
    await mkdir(home, { recursive: true, mode: 0o700 });
    const tmp = await mkdtemp(join(home, `.${DEV_KEY_DIR}-`));
    const passphrase = randomBytes(24).toString("base64url");
    await generateKeyPair(tmp, { passphrase });
    await writeFile(join(tmp, PASSPHRASE_FILE), `${passphrase}\n`, { mode: 0o600 });
    await writeFile(join(tmp, "LABEL"), `${DEV_KEY_LABEL}\n`);
    await writeFile(join(tmp, "README.txt"), README);
    try {
      await rename(tmp, dir);
      created = true;
    } catch {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  const passphrase = (await readFile(join(dir, PASSPHRASE_FILE), "utf8")).trim();
  return { signer: await loadSigningKey(join(dir, KEY_FILE), passphrase), dir, trustPath: join(dir, TRUST_FILE), created };
}
