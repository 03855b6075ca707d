import type { StageResult } from "../../findings.types.js";
import type { InferredUse } from "../../permissions/inferred.types.js";
import type { StageId } from "../ids.js";

/** What a skill's code can do, as far as simple source patterns can tell. */
export type Capability = "network" | "exec" | "env" | "write";
export const CAPABILITIES: readonly Capability[] = ["network", "exec", "env", "write"];

export type CodeLang = "py" | "js" | "sh";

/** One place in the skill where code uses a capability. */
export interface UseSite {
  capability: Capability;
  file: string;
  line: number;
  /** Short description, e.g. "requests.get()" or "reads ~/.aws". */
  what: string;
  /** What is reached: a host, an environment variable, a path. */
  target?: string;
  /** The source line, redacted and shortened. */
  evidence: string;
  /** Set when the line is in a SKILL.md block the text says is never run ("it will never run:"). */
  counterExample?: string;
}

/** The manifest stage's `data`; the behaviour stage reads it to decide whether to run. */
export interface ManifestData {
  highRisk: boolean;
  highRiskReasons: string[];
  uses: Record<Capability, boolean>;
  sites: UseSite[];
  /** The permissions the usage scan implies (src/permissions/), shown and signed when none are declared. */
  inferred?: InferredUse;
}

/** Reads the manifest stage's data from earlier results, if the stage ran. */
export function readManifestData(results: ReadonlyMap<StageId, StageResult>): ManifestData | undefined {
  const data = results.get("manifest")?.data as Partial<ManifestData> | undefined;
  if (!data || typeof data.highRisk !== "boolean" || !data.uses) return undefined;
  return data as ManifestData;
}
