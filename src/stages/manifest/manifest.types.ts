import type { InferredUse } from "../../permissions/inferred.types.js";
import type { Capability, UseSite } from "../../permissions/use-site.types.js";

// Declared with the permissions (which infer from them); re-exported for the stage's files.
export type { Capability, UseSite } from "../../permissions/use-site.types.js";

export const CAPABILITIES: readonly Capability[] = ["network", "exec", "env", "write"];

export type CodeLang = "py" | "js" | "sh";

/** The manifest stage's `data`; the behaviour stage reads it to decide whether to run. */
export interface ManifestData {
  highRisk: boolean;
  highRiskReasons: string[];
  uses: Record<Capability, boolean>;
  sites: UseSite[];
  /** The permissions the usage scan implies (src/permissions/), shown and signed when none are declared. */
  inferred?: InferredUse;
}
