import { randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "../tools/lazy-execa.js";
import type { PrefetchConfig } from "./config.js";
import { type PrefetchedStep, type ResolvedPackage } from "./prefetch.types.js";
import { withinBudget } from "./budget.js";
import { PrefetchError } from "./error.js";
import { sha256Hex } from "./store.js";

export interface NpmInput {
  packageJson?: string;
  lock?: string;
  /** `npm install a b@1`: named packages, no lock of the skill's. */
  packages: string[];
  /** Directory that receives `cache/` (an npm cache) and, without a skill lock, `package-lock.json`. */
  outDir: string;
}

const DONE = ".skillsign-complete";

/**
 * Fills an npm cache for one install step with the host's real npm, `--ignore-scripts` (no
 * package code runs outside the sandbox), from the configured registry. npm checks every
 * tarball against the lock's integrity. Without a lock, one is generated (resolved once) and
 * handed to the build. The filled cache is kept under the lock's hash and reused.
 */
export async function prefetchNpm(input: NpmInput, config: PrefetchConfig, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<PrefetchedStep> {
  const t0 = Date.now();
  if (input.lock) refuseOffRegistry(input.lock, config.npmRegistry);
  const key = sha256Hex(JSON.stringify({ v: 1, lock: input.lock ?? "", pkg: input.packageJson ?? "", names: input.packages, registry: config.npmRegistry }));
  const entry = join(config.cacheDir, "npm", key);
  const cached = existsSync(join(entry, DONE));
  if (!cached) await fill(input, config, env, entry, signal);
  const lock = input.lock ?? readFileSync(join(entry, "package-lock.json"), "utf8");
  cpSync(join(entry, "cache"), join(input.outDir, "cache"), { recursive: true });
  if (!input.lock) writeFileSync(join(input.outDir, "package-lock.json"), lock);
  if (input.packages.length) {
    // Named packages: a small project (package.json + lock made at prefetch) that `npm ci` installs.
    mkdirSync(join(input.outDir, "project"), { recursive: true });
    cpSync(join(entry, "package.json"), join(input.outDir, "project", "package.json"));
    writeFileSync(join(input.outDir, "project", "package-lock.json"), lock);
  }
  return {
    ecosystem: "npm",
    dir: input.outDir,
    packages: lockPackages(lock, input.lock !== undefined),
    cached,
    ms: Date.now() - t0,
    ...(input.lock ? {} : { generatedLock: lock }),
  };
}

async function fill(input: NpmInput, config: PrefetchConfig, env: NodeJS.ProcessEnv, entry: string, signal?: AbortSignal): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "skillsign-prefetch-npm-"));
  const cache = join(work, "cache");
  const npm = (args: string[]) => withinBudget([cache], config.maxBytes, "npm", signal, (s) =>
    execa("npm", [...args, "--ignore-scripts", "--no-audit", "--no-fund", "--cache", cache, "--registry", config.npmRegistry, "--loglevel", "warn",
      // A wrong integrity is not transient: do not spend minutes in npm's default retry backoff.
      "--fetch-retries", "1", "--fetch-retry-mintimeout", "1000", "--fetch-retry-maxtimeout", "5000"], {
      cwd: join(work, "pkg"), env: npmEnv(env), extendEnv: false, reject: false, all: true, timeout: config.timeoutMs, cancelSignal: s,
    }));
  try {
    mkdirSync(join(work, "pkg"));
    writeFileSync(join(work, "pkg", "package.json"), input.packageJson ?? JSON.stringify({ name: "skillsign-prefetch", version: "0.0.0", private: true }));
    if (input.lock) writeFileSync(join(work, "pkg", "package-lock.json"), input.lock);
    else {
      const r = await npm(["install", "--package-lock-only", ...input.packages]);
      if (r.exitCode !== 0) throw npmError(r.all ?? "", r.timedOut);
    }
    const r = await npm(["ci"]);
    if (r.exitCode !== 0) throw npmError(r.all ?? "", r.timedOut);
    // Builds of one process run concurrently: a unique staging dir, and the first complete entry wins.
    const staged = `${entry}.${process.pid}.${randomUUID()}.tmp`;
    rmSync(staged, { recursive: true, force: true });
    mkdirSync(staged, { recursive: true });
    renameSync(cache, join(staged, "cache"));
    cpSync(join(work, "pkg", "package-lock.json"), join(staged, "package-lock.json"));
    cpSync(join(work, "pkg", "package.json"), join(staged, "package.json"));
    writeFileSync(join(staged, DONE), new Date().toISOString());
    mkdirSync(join(entry, ".."), { recursive: true });
    if (existsSync(join(entry, DONE))) rmSync(staged, { recursive: true, force: true });
    else {
      rmSync(entry, { recursive: true, force: true });
      try {
        renameSync(staged, entry);
      } catch (err) {
        rmSync(staged, { recursive: true, force: true });
        if (!existsSync(join(entry, DONE))) throw err;
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Prefetch fetches only from the registry: git, file and other hosts are not downloaded by the host. */
function refuseOffRegistry(lockText: string, registry: string): void {
  const hosts = new Set(["registry.npmjs.org", new URL(registry).host]);
  for (const [path, meta] of Object.entries(lockEntries(lockText))) {
    const resolved = typeof meta.resolved === "string" ? meta.resolved : "";
    if (!resolved) continue;
    let host = "";
    try {
      host = /^https?:/.test(resolved) ? new URL(resolved).host : "";
    } catch {
      host = "";
    }
    if (!hosts.has(host)) throw new PrefetchError("PREFETCH_REFUSED", `${path} resolves outside the registry (${resolved.slice(0, 200)}); not prefetched`);
  }
}

function lockEntries(lockText: string): Record<string, Record<string, unknown>> {
  let lock: { packages?: Record<string, Record<string, unknown>> };
  try {
    lock = JSON.parse(lockText) as typeof lock;
  } catch (err) {
    throw new PrefetchError("PREFETCH_FAILED", `package-lock.json is not valid JSON: ${(err as Error).message}`);
  }
  const out: Record<string, Record<string, unknown>> = {};
  for (const [path, meta] of Object.entries(lock.packages ?? {})) if (path.includes("node_modules/") && meta && typeof meta === "object") out[path] = meta;
  return out;
}

function lockPackages(lockText: string, pinned: boolean): ResolvedPackage[] {
  return Object.entries(lockEntries(lockText)).map(([path, meta]) => {
    const name = typeof meta.name === "string" ? meta.name : path.slice(path.lastIndexOf("node_modules/") + 13);
    const resolved = typeof meta.resolved === "string" ? meta.resolved : "";
    const p: ResolvedPackage = {
      ecosystem: "npm", name, version: String(meta.version ?? ""), file: resolved.slice(resolved.lastIndexOf("/") + 1), pinned,
    };
    if (typeof meta.integrity === "string") p.integrity = meta.integrity;
    if (meta.hasInstallScript === true) p.installScript = true;
    return p;
  });
}

function npmEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { PATH: env.PATH, HOME: env.HOME, npm_config_userconfig: "/dev/null", npm_config_update_notifier: "false" };
  for (const k of ["NODE_EXTRA_CA_CERTS", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "no_proxy"]) if (env[k]) out[k] = env[k];
  return out;
}

function npmError(output: string, timedOut: boolean): PrefetchError {
  const tail = output.trim().split("\n").slice(-15).join("\n");
  if (timedOut) return new PrefetchError("PREFETCH_FAILED", "npm prefetch timed out", tail);
  if (/EINTEGRITY|integrity checksum failed/i.test(output)) {
    const lines = output.split("\n").filter((l) => /EINTEGRITY|integrity|sha512-|sha1-/i.test(l)).slice(0, 6).join("\n");
    return new PrefetchError("PREFETCH_HASH_MISMATCH", "a downloaded npm package does not match the integrity hash in package-lock.json", lines);
  }
  return new PrefetchError("PREFETCH_FAILED", `npm could not prefetch the dependencies: ${/npm (?:ERR|error)! (.*)/.exec(output)?.[1] ?? "see evidence"}`, tail);
}
