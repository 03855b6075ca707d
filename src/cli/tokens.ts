import type { Command } from "commander";
import { UsageError } from "../errors.js";
import type { ServiceDb } from "../service/db/service-db.js";
import { ROLES, createToken, isRole, revokeTokens } from "../service/auth/tokens.js";
import { dbOption } from "./options.js";

/** `tokens create` prints the token once (only its SHA-256 is stored); `tokens revoke NAME` ends every token of a name. */
export function registerTokens(program: Command): void {
  const tokens = program.command("tokens").description("API tokens for skillsign serve (creator, reviewer, admin)");
  tokens
    .command("create")
    .description("create a token; it is printed once and stored only as a hash")
    .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`)
    .requiredOption("--name <name>", "the account: a creator sees only submissions made under this name; reviewers' decisions are logged under it")
    .addOption(dbOption())
    .action(async (f: { role: string; name: string; db?: string }) => {
      if (!isRole(f.role)) throw new UsageError("USAGE_ERROR", `--role must be one of ${ROLES.join(", ")} (got ${JSON.stringify(f.role)})`);
      const role = f.role;
      await withServiceDb(f.db, async (db) => {
        const { token } = await createToken(db, { name: f.name, role });
        process.stdout.write(`${token}\n`);
        process.stderr.write(`skillsign: ${role} token for ${JSON.stringify(f.name.trim())} created; it is shown only this once\n`);
      });
    });
  tokens
    .command("revoke")
    .description("revoke every token of an account")
    .requiredOption("--name <name>", "the account")
    .addOption(dbOption())
    .action(async (f: { name: string; db?: string }) => {
      await withServiceDb(f.db, async (db) => void process.stdout.write(`${await revokeTokens(db, f.name.trim())} token(s) revoked\n`));
    });
}

/** Opens the service tables for one command (the store code loads only here); refusals the user can fix exit 2. */
export async function withServiceDb<T>(location: string | undefined, body: (db: ServiceDb) => Promise<T>): Promise<T> {
  const [{ openServiceDb }, { usageFor }] = await Promise.all([import("../service/db/service-db.js"), import("../service/errors.js")]);
  try {
    const db = await openServiceDb(location);
    try {
      return await body(db);
    } finally {
      await db.close();
    }
  } catch (err) {
    throw usageFor(err);
  }
}
