import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Snapshot } from "../snapshot/snapshot.types.js";
import type { PrefetchConfig } from "./config.js";
import { prefetchNpm } from "./npm.js";
import { prefetchPip } from "./pip.js";
import type { PrefetchedStep } from "./prefetch.types.js";
import { PrefetchError } from "./error.js";
import { projectRequirements, type PythonProjectFiles } from "./python-project.js";
import { sanitiseRequirements } from "./requirements.js";

export { prefetchConfig, type PrefetchConfig } from "./config.js";
export type { PrefetchedStep, ResolvedPackage } from "./prefetch.types.js";
export { PrefetchError, type PrefetchErrorCode } from "./error.js";

/** What an install step asks prefetch for (from the build plan). */
export type PrefetchRequest =
  | { ecosystem: "pypi"; args: string[]; wheelDir?: string; project?: PythonProjectFiles }
  | { ecosystem: "npm"; lock?: string; packageJson?: string; packages: string[] };

/**
 * Fetches what one install step needs into `outDir`, before the network-less build. Only
 * skillsign's own pip/npm talk to the registry (never skill code: wheels only, --ignore-scripts).
 * Throws PrefetchError; PREFETCH_REFUSED means "not for prefetch" (URL/VCS/file sources), and the
 * build then tries the step as written (and fails offline).
 */
export async function prefetchStep(req: PrefetchRequest, snap: Snapshot, outDir: string, config: PrefetchConfig, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<PrefetchedStep> {
  const read = (rel: string) => readText(snap, rel);
  if (req.ecosystem === "npm") {
    const lock = req.lock ? read(req.lock) : undefined;
    const packageJson = req.packageJson ? read(req.packageJson) : undefined;
    return prefetchNpm({ lock, packageJson, packages: req.packages, outDir }, config, env, signal);
  }
  // pyproject.toml / uv.lock / poetry.lock: only the TOML is read, the skill's build backend never runs here.
  const project = req.project ? projectRequirements(req.project, read) : undefined;
  const requirements = project ?? sanitiseRequirements(req.args, read);
  if (requirements.skipped.length) {
    const s = requirements.skipped[0]!;
    throw new PrefetchError("PREFETCH_REFUSED", `not prefetched: ${s.line} (${s.why})`);
  }
  if (!requirements.text) throw new PrefetchError("PREFETCH_REFUSED", "no requirements to prefetch");
  const vendoredWheels = req.wheelDir
    ? snap.files
        .filter((f) => f.path.startsWith(`${req.wheelDir}/`) && f.path.endsWith(".whl") && !f.path.slice(req.wheelDir!.length + 1).includes("/"))
        .map((f) => ({ name: f.path.slice(req.wheelDir!.length + 1), bytes: bytesOf(snap, f.path) }))
    : [];
  return prefetchPip({ requirements, vendoredWheels, outDir, locked: project?.locked, writeRequirements: project !== undefined }, config, env, signal);
}

function bytesOf(snap: Snapshot, rel: string): Buffer {
  return snap.contents?.get(rel) ?? readFileSync(join(snap.root, rel));
}

function readText(snap: Snapshot, rel: string): string | undefined {
  if (!snap.files.some((f) => f.path === rel)) return undefined;
  return bytesOf(snap, rel).toString("utf8");
}
