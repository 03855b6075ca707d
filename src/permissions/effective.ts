import type { StageResult } from "../findings.types.js";
import { emptyPermissions, type Permissions } from "../skill/permissions.js";
import { inferFromObserved } from "./infer-observed.js";
import { sorted } from "./infer-static.js";
import type { InferredUse } from "./inferred.types.js";
import { emptyInferred } from "./inferred.js";

/** The permission lists a skill can declare under `requires` (allowed-tools and install are kept as written). */
const REQUIREMENT_KEYS = ["bins", "anyBins", "env", "paths", "network"] as const;

export interface EffectivePermissions {
  /** True when the skill declares none of bins, anyBins, env, paths or network. */
  declaredNone: boolean;
  /** What static analysis and the sandbox run saw the skill use. */
  inferred: InferredUse;
  /**
   * What a signature carries: the declared permissions, or, when the skill declared none, the
   * declared object with the inferred lists filled in and `inferred: true`.
   */
  signed: Permissions;
}

export function declaresNone(p: Permissions): boolean {
  return REQUIREMENT_KEYS.every((k) => p[k].length === 0);
}

/** Combines the manifest stage's static inference with what the behaviour stage observed. */
export function effectivePermissions(declared: Permissions, stages: readonly StageResult[]): EffectivePermissions {
  const byId = new Map(stages.map((s) => [s.stageId, s]));
  const fromStatic = readStaticInference(byId.get("manifest")?.data);
  const fromRun = inferFromObserved(byId.get("behavior")?.data);
  const inferred: InferredUse = {
    network: merge(fromStatic.network, fromRun.network),
    env: sorted([...fromStatic.env, ...fromRun.env]),
    bins: merge(fromStatic.bins, fromRun.bins),
    paths: sorted([...fromStatic.paths, ...fromRun.paths]),
    sources: { static: fromStatic.sources.static, observed: fromRun.sources.observed },
  };
  const none = declaresNone(declared);
  const signed: Permissions = none && hasAny(inferred)
    ? { ...declared, bins: inferred.bins, env: inferred.env, paths: inferred.paths, network: inferred.network, inferred: true }
    : declared;
  return { declaredNone: none, inferred, signed };
}

/**
 * "*" stands for "something the analysis could not name"; once the run named some, the
 * wildcard stays only when the static scan found a use with no name and the run named nothing.
 */
function merge(fromStatic: string[], fromRun: string[]): string[] {
  const named = [...fromStatic.filter((x) => x !== "*"), ...fromRun];
  const wildcard = fromStatic.includes("*") && fromRun.length === 0;
  return sorted(wildcard ? [...named, "*"] : named);
}

function hasAny(u: InferredUse): boolean {
  return u.network.length + u.env.length + u.bins.length + u.paths.length > 0;
}

function readStaticInference(data: Record<string, unknown> | undefined): InferredUse {
  const raw = data?.inferred as Partial<InferredUse> | undefined;
  if (!raw || typeof raw !== "object") return emptyInferred();
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  return { network: list(raw.network), env: list(raw.env), bins: list(raw.bins), paths: list(raw.paths), sources: { static: raw.sources?.static === true, observed: false } };
}

export { emptyPermissions };
