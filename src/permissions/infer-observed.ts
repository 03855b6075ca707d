import { sorted } from "./infer-static.js";
import type { InferredUse } from "./inferred.types.js";
import { emptyInferred } from "./inferred.js";

/** Written by every program or private to the run: never a permission worth signing. */
const SCRATCH = /^\/(?:tmp|var\/tmp|dev|proc|run)(?:\/|$)/;
/** The shell and interpreters the plan itself starts; they say nothing about the skill. */
const PLAN_BINS = new Set(["sh", "bash", "dash", "timeout", "env"]);

/**
 * The permissions the behaviour run shows (`data.observed` of the behaviour stage): hosts from the
 * sinkhole's DNS and connection log, binaries by executed path, environment variables read, and
 * paths written outside the skill's project folder. Guest paths under the guest home become ~.
 */
export function inferFromObserved(data: Record<string, unknown> | undefined): InferredUse {
  const out = emptyInferred();
  const observed = data?.observed as Record<string, unknown> | undefined;
  if (!observed || typeof observed !== "object") return out;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  const home = typeof data?.guestHome === "string" ? data.guestHome : undefined;
  const work = typeof data?.guestWork === "string" ? data.guestWork : undefined;
  out.network = sorted(list(observed.hosts).map((h) => h.toLowerCase().replace(/\.$/, "")).filter(Boolean));
  out.bins = sorted(list(observed.bins).filter((b) => !PLAN_BINS.has(b)));
  out.env = sorted(list(observed.envRead));
  out.paths = sorted(list(observed.writePaths).flatMap((p) => outsidePath(p, home, work)));
  out.sources.observed = true;
  return out;
}

function outsidePath(path: string, home: string | undefined, work: string | undefined): string[] {
  if (SCRATCH.test(path)) return [];
  if (work && (path === work || path.startsWith(`${work}/`))) return [];
  const homeRoot = home ?? /^\/home\/[^/]+/.exec(path)?.[0];
  if (homeRoot && (path === homeRoot || path.startsWith(`${homeRoot}/`))) {
    const rel = path.slice(homeRoot.length + 1);
    // Without the run's work folder, the projects/ folder of the fake user is the skill's project.
    if (!work && rel.startsWith("projects/")) return [];
    return [rel ? `~/${rel}` : "~"];
  }
  return [path];
}
