import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { execa } from "./lazy-execa.js";
import { InternalError } from "../errors.js";

/** Where `scripts/setup` installs pinned tools; `$SKILLSIGN_TOOLS` overrides it. */
export const DEFAULT_TOOLS_DIR = "/opt/skillsign-tools";

export interface ToolLocation {
  name: string;
  path: string;
  /** First version-looking token printed by `<tool> --version`, or "unknown". */
  version: string;
}

export interface FindToolOptions {
  /** Environment to read SKILLSIGN_TOOLS and PATH from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** Arguments that make the tool print its version; `--version` by default. */
  versionArgs?: string[];
  /** Extra variables for the version probe only (e.g. semgrep's SEMGREP_ENABLE_VERSION_CHECK=0). */
  probeEnv?: NodeJS.ProcessEnv;
  /** Give up on the version probe after this many ms. */
  timeoutMs?: number;
}

/** Directories searched for a tool, in order: $SKILLSIGN_TOOLS/bin, then each PATH entry. */
export function toolSearchDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const toolsDir = env.SKILLSIGN_TOOLS || DEFAULT_TOOLS_DIR;
  const pathDirs = (env.PATH ?? "").split(delimiter).filter((d) => d.length > 0);
  return [join(toolsDir, "bin"), ...pathDirs];
}

/** The first executable file called `name` in the search dirs, without running it. */
export function findToolPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (name.includes("/")) throw new InternalError("INTERNAL_ERROR", `tool name must be a bare command name: ${name}`);
  for (const dir of toolSearchDirs(env)) {
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

// Version probes are slow (semgrep starts Python), so each binary is asked once per process.
const versionCache = new Map<string, Promise<string>>();

/**
 * Locates an external tool and asks it for its version.
 * Returns undefined when the tool is not installed; a tool that is present but cannot
 * say its version is still returned, with version "unknown".
 */
export async function findTool(name: string, opts: FindToolOptions = {}): Promise<ToolLocation | undefined> {
  const env = opts.env ?? process.env;
  const path = findToolPath(name, env);
  if (!path) return undefined;
  const args = opts.versionArgs ?? ["--version"];
  const key = `${path}\0${fileStamp(path)}\0${args.join(" ")}`;
  let version = versionCache.get(key);
  if (!version) {
    version = probeVersion(path, args, { ...env, ...opts.probeEnv }, opts.timeoutMs ?? 60_000);
    versionCache.set(key, version);
  }
  return { name, path, version: await version };
}

async function probeVersion(path: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  const r = await execa(path, args, { env, extendEnv: false, reject: false, timeout: timeoutMs, stdin: "ignore" });
  if (r.failed && r.exitCode !== 0 && !r.stdout) return "unknown";
  return parseVersion(`${r.stdout}\n${r.stderr}`) ?? "unknown";
}

/** Pulls "1.150.0" out of "semgrep 1.150.0", "Version: 0.58.1" or "runsc version release-20240212.0". */
export function parseVersion(output: string): string | undefined {
  const release = /\brelease-[0-9A-Za-z.]+/.exec(output);
  if (release) return release[0];
  const semver = /\b(\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?)\b/.exec(output);
  return semver?.[1];
}

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function fileStamp(p: string): string {
  try {
    const s = statSync(p);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return "";
  }
}
