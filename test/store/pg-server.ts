import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** The PostgreSQL binaries of the Debian package, if installed (tests skip without them). */
export function postgresBin(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, "bin/initdb"))) return join(base, v, "bin");
  return undefined;
}

export interface PgServer {
  /** A fresh, empty database on the throwaway server. */
  database(name: string): Promise<string>;
  stop(): void;
}

/** A throwaway cluster on a Unix socket in a temp dir (no TCP), trust auth, fsync off. */
export function startPostgres(bin: string): PgServer {
  const dir = mkdtempSync(join(tmpdir(), "skillsign-pg-"));
  chmodSync(dir, 0o777);
  const asPostgres = process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
  const run = (args: string[]) => execFileSync(asPostgres[0] ?? args[0]!, [...asPostgres.slice(1), ...(asPostgres.length ? args : args.slice(1))], { stdio: "pipe" });
  const data = join(dir, "data");
  const port = 20_000 + Math.floor(Math.random() * 30_000);
  run([join(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  run([join(bin, "pg_ctl"), "-D", data, "-l", join(dir, "log"), "-w", "-o", `-c listen_addresses='' -k ${dir} -p ${port} -c fsync=off -c full_page_writes=off`, "start"]);
  const admin = `postgresql://postgres@localhost:${port}/postgres?host=${encodeURIComponent(dir)}`;
  return {
    async database(name) {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`CREATE DATABASE ${name}`);
      await c.end();
      return `postgresql://postgres@localhost:${port}/${name}?host=${encodeURIComponent(dir)}`;
    },
    stop() {
      try {
        run([join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
