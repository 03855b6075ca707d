import { errorMessage } from "../errors.js";
import { DEFAULT_NPM_REGISTRY, DEFAULT_PYPI_INDEX } from "../prefetch/config.js";
import type { CheckEnv } from "./checks.js";
import type { ComponentCheck } from "./doctor.types.js";

const TIMEOUT_MS = 5_000;

/**
 * The registries the build's prefetch downloads from (SKILLSIGN_PYPI_INDEX_URL,
 * SKILLSIGN_NPM_REGISTRY). Not required: without them a skill with declared dependencies gets
 * `build.requires-network` instead of an offline install.
 */
export async function registriesCheck(c: CheckEnv): Promise<ComponentCheck> {
  const base = { id: "registries" as const, name: "prefetch registries (PyPI, npm)" };
  const pypi = c.env.SKILLSIGN_PYPI_INDEX_URL || DEFAULT_PYPI_INDEX;
  const npm = c.env.SKILLSIGN_NPM_REGISTRY || DEFAULT_NPM_REGISTRY;
  const probes = await Promise.all([probe(`${pypi.replace(/\/?$/, "/")}pip/`), probe(`${npm.replace(/\/?$/, "/")}is-number`)]);
  const detail = `PyPI ${pypi}: ${probes[0]}; npm ${npm}: ${probes[1]}`;
  if (probes.every((p) => p.startsWith("reachable"))) return { ...base, status: "found", detail };
  return { ...base, status: "missing", detail, fix: "allow HTTPS to the registries, or point SKILLSIGN_PYPI_INDEX_URL / SKILLSIGN_NPM_REGISTRY at a mirror" };
}

async function probe(url: string): Promise<string> {
  const started = Date.now();
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: "application/json, text/html" } });
    await r.body?.cancel();
    return r.ok ? `reachable (HTTP ${r.status}, ${Date.now() - started} ms)` : `HTTP ${r.status}`;
  } catch (err) {
    return `unreachable (${errorMessage(err)})`;
  }
}
