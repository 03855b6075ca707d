import { dirname, join, resolve } from "node:path";
import { skillsignHome } from "../config/home.js";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { KeyError } from "../signing/error.js";
import { passphraseFromEnv } from "../signing/key-file.js";
import { listKeys } from "../signing/key-status.js";
import { generateKeyPair, loadPreviousList, revokeKey, rotateKeys, TRUST_FILE } from "../signing/keys.js";
import { loadRevocations } from "../signing/revocation.js";
import { loadTrustFile } from "../signing/trust.js";

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** `skillsign keys generate|list|rotate|revoke`. Key material never reaches stdout or stderr. */
export function registerKeys(program: Command): void {
  const keys = program.command("keys").description("manage signing keys, the trust file and the revocation list");

  keys
    .command("generate")
    .description("create DIR/skillsign.key (encrypted, 0600), DIR/skillsign.pub and DIR/trust.json")
    .requiredOption("--out <dir>", "folder for the key files")
    .option("--valid-days <n>", "how long signatures by this key are accepted", "365")
    .option("--role <role>", "signing (skillsign.key) or revocation (revocation.key: signs revocation lists only; keep it offline)", "signing")
    .action(async (flags: { out: string; validDays: string; role: string }) => {
      if (flags.role !== "signing" && flags.role !== "revocation") throw new UsageError("USAGE_ERROR", "--role is signing or revocation");
      const passphrase = passphraseFromEnv();
      const k = await generateKeyPair(flags.out, { passphrase, validDays: days(flags.validDays), role: flags.role });
      out(`generated ${flags.role} key ${k.keyId}`);
      out(`  private key (encrypted): ${k.keyPath}`);
      out(`  public key:              ${k.pubPath}`);
      out(`  trust file:              ${k.trustPath}`);
      // verify/install read $SKILLSIGN_HOME/trust.json unless told otherwise: say which one this is.
      const home = defaultTrustPath();
      if (resolve(k.trustPath) === home) out("  verify and install use this trust file by default");
      else out(`  verify and install read ${home} by default: pass --trust ${k.trustPath} (or generate with --out ${dirname(home)})`);
    });

  keys
    .command("list")
    .description("list the keys a trust file accepts and their status")
    .option("--trust <file>", "trust file (default: $SKILLSIGN_HOME/trust.json, as verify)")
    .option("--dir <dir>", "key folder (uses DIR/trust.json)")
    .option("--json", "print JSON")
    .action(async (flags: { trust?: string; dir?: string; json?: boolean }) => {
      if (flags.trust && flags.dir) throw new UsageError("USAGE_ERROR", "give either --trust or --dir, not both");
      // Neither: the trust file verify uses by default.
      const loaded = await loadTrustFile(flags.trust ?? (flags.dir ? join(flags.dir, TRUST_FILE) : defaultTrustPath()));
      const revocations = await loadRevocations(loaded).catch(async (err: Error & { code?: string }) => {
        // An expired list still shows what it revoked; anything else is a broken configuration.
        if (err.code === "EXPIRED_METADATA") return loadPreviousList(loaded);
        throw new KeyError("TRUST_FILE_INVALID", err.message);
      });
      const listing = listKeys(loaded.trust, revocations);
      if (flags.json) return out(JSON.stringify({ schemaVersion: 1, keys: listing }, null, 2));
      if (listing.length === 0) return out("no keys in the trust file");
      for (const k of listing) {
        const extra = k.revokedAt ? ` revoked ${k.revokedAt}` : k.retiredAt ? ` retired ${k.retiredAt}` : "";
        out(`${k.keyId}  ${k.status.padEnd(13)} valid ${k.validFrom} .. ${k.validUntil}${extra}${k.problem ? `  (${k.problem})` : ""}`);
      }
    });

  keys
    .command("rotate")
    .description("make a new current key; the old one is kept as <keyId>.key and retired in the trust file")
    .requiredOption("--dir <dir>", "key folder")
    .option("--valid-days <n>", "validity of the new key", "365")
    .action(async (flags: { dir: string; validDays: string }) => {
      const passphrase = passphraseFromEnv();
      const r = await rotateKeys(flags.dir, { passphrase, validDays: days(flags.validDays) });
      out(`rotated: new key ${r.newKeyId} is current; ${r.oldKeyId} is retired`);
    });

  keys
    .command("revoke")
    .description("revoke a key in DIR/revocations.json (signed by the revocation-role key, next version, fresh expiry)")
    .argument("[keyid]", "key id (64 hex characters); omit with --refresh")
    .requiredOption("--dir <dir>", "key folder")
    .option("--reason <text>", "why the key is revoked")
    .option("--refresh", "re-sign the current list with the next version and a fresh expiry, revoking nothing new")
    .option("--list-days <n>", "days until the list expires (1..400)", "90")
    .action(async (keyId: string | undefined, flags: { dir: string; reason?: string; refresh?: boolean; listDays: string }) => {
      if (flags.refresh ? keyId !== undefined : keyId === undefined) throw new UsageError("USAGE_ERROR", "give a KEYID to revoke, or --refresh alone");
      if (keyId !== undefined && !/^[0-9a-f]{64}$/.test(keyId)) throw new UsageError("USAGE_ERROR", "KEYID must be 64 lowercase hex characters");
      const passphrase = passphraseFromEnv();
      const r = await revokeKey(flags.dir, keyId, { passphrase, reason: flags.reason, listDays: days(flags.listDays) });
      out(`${keyId ? `revoked ${keyId}` : "refreshed"}; revocation list version ${r.list.version}, expires ${r.list.expires}, signed by ${r.signedBy} (${r.list.revoked.length} revoked in total)`);
    });
}

/** The trust file `verify` and `install` read when --trust is not given. */
function defaultTrustPath(): string {
  return join(skillsignHome(), TRUST_FILE);
}

function days(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 36500) throw new UsageError("USAGE_ERROR", `--valid-days must be a whole number of days (1..36500)`);
  return n;
}
