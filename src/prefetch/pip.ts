import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "../tools/lazy-execa.js";
import { DEFAULT_TOOLS_DIR } from "../tools/find-tool.js";
import type { PrefetchConfig } from "./config.js";
import { type PrefetchedStep, type ResolvedPackage } from "./prefetch.types.js";
import { treeBytes, withinBudget } from "./budget.js";
import { PrefetchError } from "./error.js";
import type { SanitisedRequirements } from "./requirements.js";
import { fetchSdist } from "./sdist.js";
import { sdistRequirements } from "./sdist-metadata.js";
import { PrefetchStore, sha256Hex } from "./store.js";

export interface PipInput {
  requirements: SanitisedRequirements;
  /** Wheels the skill vendors (path → bytes): offered to pip as a local find-links dir. */
  vendoredWheels: { name: string; bytes: Buffer }[];
  /** Empty directory the step's wheels are placed in (the build context's wheel dir). */
  outDir: string;
  /** A complete lock (uv.lock / poetry.lock): every package is listed, so pip resolves nothing (--no-deps). */
  locked?: boolean;
  /** The requirements came from a project file: write them beside the wheels for the offline install. */
  writeRequirements?: boolean;
}

/** The generated requirements file in a step's wheel folder (pip's --find-links ignores it). */
export const PROJECT_REQUIREMENTS = "skillsign-requirements.txt";

/**
 * Resolves and downloads a pip step's requirements with the host's real pip, wheels only
 * (`--only-binary=:all:`: no sdist build, so no package code runs outside the sandbox), from the
 * configured index; pip checks every --hash. Files go to the content-addressed store; a repeat
 * with the same input is served from the store without the network.
 */
export async function prefetchPip(input: PipInput, config: PrefetchConfig, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<PrefetchedStep> {
  const t0 = Date.now();
  const store = new PrefetchStore(config.cacheDir);
  const key = sha256Hex(
    JSON.stringify({ v: 2, req: input.requirements.text, locked: input.locked === true, index: config.pypiIndex, vendored: input.vendoredWheels.map((w) => sha256Hex(w.bytes)).sort() }),
  );
  let packages = store.readResolution(`pip-${key}`);
  const cached = packages !== undefined && packages.every((p) => p.sha256 !== undefined && store.verified(p.sha256));
  if (!cached) packages = await download(input, config, env, store, key, signal);
  mkdirSync(input.outDir, { recursive: true });
  for (const p of packages!) store.materialise(p.sha256!, join(input.outDir, p.file));
  const requirementsFile = input.writeRequirements ? PROJECT_REQUIREMENTS : undefined;
  if (requirementsFile) writeFileSync(join(input.outDir, requirementsFile), input.requirements.text);
  return { ecosystem: "pypi", dir: input.outDir, packages: packages!, cached, ms: Date.now() - t0, ...(requirementsFile ? { requirementsFile, noDeps: input.locked === true } : {}) };
}

async function download(input: PipInput, config: PrefetchConfig, env: NodeJS.ProcessEnv, store: PrefetchStore, key: string, signal?: AbortSignal): Promise<ResolvedPackage[]> {
  const work = mkdtempSync(join(tmpdir(), "skillsign-prefetch-pip-"));
  try {
    const dest = join(work, "dl");
    const extra: string[] = [];
    if (input.vendoredWheels.length) {
      const links = join(work, "vendored");
      mkdirSync(links);
      for (const w of input.vendoredWheels) writeFileSync(join(links, w.name), w.bytes);
      extra.push("--find-links", links);
    }
    if (input.locked) extra.push("--no-deps");
    // A requirement with no wheel: its sdist is fetched by skillsign (pip would build it here to read
    // its metadata) and the rest re-resolved; the sdist is built only inside the sandboxed build.
    let text = input.requirements.text;
    const sdists = new Set<string>();
    for (let round = 0; text.trim(); round++) {
      const r = await pipDownload(text, dest, work, extra, config, env, signal);
      if (r.exitCode === 0) break;
      const miss = /No matching distribution found for ([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?:===?\s*([^\s,;]+))?/.exec(r.all ?? "");
      const line = miss && round < 5 ? requirementLine(text, miss[1]!) : undefined;
      if (!line) throw pipError(r.all ?? "", r.timedOut);
      const got = await fetchSdist(miss![1]!, miss![2] ?? exactVersion(line), lineHashes(line), config.pypiIndex, dest, config.maxBytes - treeBytes(dest), signal);
      sdists.add(got.file);
      // Its own requirements (read from its metadata files, never run) are resolved with the rest.
      const deps = input.locked ? [] : (await sdistRequirements(join(dest, got.file))).filter((d) => !requirementLine(text, d.split(/[\s<>=!~;[(]/)[0]!));
      text = [...text.split("\n").filter((l) => l !== line && l.trim()), ...deps].join("\n") + "\n";
    }
    const buildTools = new Set<string>();
    if (sdists.size) {
      // The sandboxed build needs the sdists' build backend offline: setuptools and wheel, as wheels.
      const before = new Set(existsSync(dest) ? readdirSync(dest) : []);
      const r = await pipDownload("setuptools\nwheel\n", dest, work, [], config, env, signal);
      if (r.exitCode !== 0) throw new PrefetchError("PREFETCH_FAILED", "could not prefetch setuptools/wheel to build an sdist offline", (r.all ?? "").slice(-1500));
      for (const f of readdirSync(dest)) if (!before.has(f)) buildTools.add(f);
    }
    // A wheel the skill ships is pinned by its bytes (they are in the signed file list).
    const vendored = new Set(input.vendoredWheels.map((w) => sha256Hex(w.bytes)));
    const files = existsSync(dest) ? readdirSync(dest).sort() : [];
    const packages = files.map((file) => describe(file, store.putFile(join(dest, file)), input.requirements, vendored, sdists, buildTools));
    store.writeResolution(`pip-${key}`, packages, { requirements: input.requirements.text, index: config.pypiIndex });
    return packages;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function pipDownload(text: string, dest: string, work: string, extra: string[], config: PrefetchConfig, env: NodeJS.ProcessEnv, signal?: AbortSignal) {
  const reqFile = join(work, "requirements.txt");
  writeFileSync(reqFile, text);
  const args = ["-m", "pip", "download", "--dest", dest, "--only-binary=:all:", "--no-input", "--progress-bar", "off",
    "--disable-pip-version-check", "--index-url", config.pypiIndex, "-r", reqFile, ...extra];
  // pip downloads into TMPDIR before moving a file to --dest: both count against the budget.
  const tmp = join(work, "tmp");
  mkdirSync(tmp, { recursive: true });
  return withinBudget([dest, tmp], config.maxBytes, "pip download", signal, (s) =>
    execa(hostPython(env), args, { env: { ...pipEnv(env), TMPDIR: tmp }, extendEnv: false, reject: false, all: true, timeout: config.timeoutMs, cancelSignal: s, cwd: work }));
}

/** The requirements line naming `name` (top level only: a transitive sdist is not fetched). */
function requirementLine(text: string, name: string): string | undefined {
  const n = name.toLowerCase().replace(/[-_.]+/g, "-");
  return text.split("\n").find((l) => (/^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(l)?.[1] ?? "").toLowerCase().replace(/[-_.]+/g, "-") === n);
}

function exactVersion(line: string): string | undefined {
  return /^[^=<>!~;\s]+(?:\[[^\]]*\])?\s*===?\s*([^\s,;]+)/.exec(line)?.[1];
}

function lineHashes(line: string): Set<string> | undefined {
  const h = [...line.matchAll(/--hash[=\s]sha256:([0-9a-f]{64})/g)].map((m) => m[1]!);
  return h.length ? new Set(h) : undefined;
}

/** The Python setup installs for the tools (Debian's 3.11, as in the base image), else python3. */
export function hostPython(env: NodeJS.ProcessEnv): string {
  if (env.SKILLSIGN_PREFETCH_PYTHON) return env.SKILLSIGN_PREFETCH_PYTHON;
  const venv = join(env.SKILLSIGN_TOOLS || DEFAULT_TOOLS_DIR, "venv", "bin", "python3");
  return existsSync(venv) ? venv : "python3";
}

/** pip without the machine's own pip config (find-links, index) so only the configured index is used. */
function pipEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // No pip cache: skillsign's own store keeps what was fetched, and a second copy would escape the budget.
  const out: NodeJS.ProcessEnv = { PATH: env.PATH, HOME: env.HOME, PIP_CONFIG_FILE: "/dev/null", PIP_NO_CACHE_DIR: "1", PYTHONDONTWRITEBYTECODE: "1" };
  for (const k of ["PIP_CERT", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "no_proxy"]) {
    if (env[k]) out[k] = env[k];
  }
  return out;
}

function pipError(output: string, timedOut: boolean): PrefetchError {
  const tail = output.trim().split("\n").slice(-15).join("\n");
  if (timedOut) return new PrefetchError("PREFETCH_FAILED", "pip download timed out", tail);
  if (/DO NOT MATCH THE HASHES/i.test(output)) {
    return new PrefetchError("PREFETCH_HASH_MISMATCH", "a downloaded package does not match the hash in the requirements file", hashLines(output));
  }
  if (/Hashes are required in --require-hashes mode, but they are missing/i.test(output)) {
    return new PrefetchError("PREFETCH_HASHES_INCOMPLETE", "the requirements file pins hashes for some packages but not for every dependency", tail);
  }
  const why = /ERROR: (No matching distribution found for .*|Could not find a version .*)/.exec(output)?.[1];
  return new PrefetchError("PREFETCH_FAILED", why ? `pip could not prefetch a wheel: ${why} (sdists are not prefetched)` : "pip download failed", tail);
}

/** The "Expected sha256 … Got …" lines pip prints for a mismatch. */
function hashLines(output: string): string {
  const lines = output.split("\n");
  const at = lines.findIndex((l) => /DO NOT MATCH THE HASHES/i.test(l));
  return lines.slice(Math.max(0, at), at + 8).join("\n").trim();
}

function describe(file: string, sha256: string, req: SanitisedRequirements, vendored: ReadonlySet<string>, sdists: ReadonlySet<string>, buildTools: ReadonlySet<string>): ResolvedPackage {
  const wheel = /^([^-]+)-([^-]+)-.*\.whl$/.exec(file);
  const sdist = /^(.+)-([^-]+)\.(tar\.gz|zip|tar\.bz2)$/.exec(file);
  const m = wheel ?? sdist;
  const name = (m?.[1] ?? file).toLowerCase().replace(/[-_.]+/g, "-");
  const buildTool = buildTools.has(file) && !req.pinnedNames.has(name);
  return {
    ecosystem: "pypi", name, version: m?.[2] ?? "", file, sha256, pinned: req.hashMode || req.pinnedNames.has(name) || vendored.has(sha256),
    ...(sdists.has(file) ? { sdist: true } : {}), ...(buildTool ? { buildTool: true } : {}),
  };
}
