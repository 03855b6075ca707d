import type { Command } from "commander";
import { CONFIG_KEY_ENV, parseConfigKey } from "../service/settings/cipher.js";
import { rotateSettingsKey, visible } from "../service/settings/settings.js";
import { actorName } from "../workflow/actor.js";
import { dbOption } from "./options.js";
import { withServiceDb } from "./tokens.js";

export const NEW_CONFIG_KEY_ENV = "SKILLSIGN_NEW_CONFIG_KEY";

/**
 * `settings show` (secrets as ********) and `settings rotate-key`: decrypts with
 * SKILLSIGN_CONFIG_KEY and re-encrypts under SKILLSIGN_NEW_CONFIG_KEY in one transaction. Keys
 * come from the environment, never from arguments (a process list shows arguments).
 */
export function registerSettings(program: Command): void {
  const settings = program.command("settings").description("the service's encrypted settings (AES-256-GCM under SKILLSIGN_CONFIG_KEY)");
  settings
    .command("show")
    .description("print the settings with every secret as ********")
    .addOption(dbOption())
    .action(async (f: { db?: string }) => {
      await withServiceDb(f.db, async (db) => {
        const key = parseConfigKey(process.env[CONFIG_KEY_ENV]);
        process.stdout.write(`${JSON.stringify(await visible(db, key), null, 2)}\n`);
      });
    });
  settings
    .command("rotate-key")
    .description(`re-encrypt the settings from ${CONFIG_KEY_ENV} to ${NEW_CONFIG_KEY_ENV}; then restart serve with the new key`)
    .addOption(dbOption())
    .action(async (f: { db?: string }) => {
      await withServiceDb(f.db, async (db) => {
        const from = parseConfigKey(process.env[CONFIG_KEY_ENV]);
        const to = parseConfigKey(process.env[NEW_CONFIG_KEY_ENV], NEW_CONFIG_KEY_ENV);
        const r = await rotateSettingsKey(db, from, to, actorName());
        process.stdout.write(r.rotated ? `settings re-encrypted: key ${from.id} -> ${to.id}\n` : `nothing to re-encrypt (no settings, or already under key ${to.id})\n`);
      });
    });
}
