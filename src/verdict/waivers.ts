import type { Finding } from "../findings.types.js";
import type { Policy } from "./policy.js";
import type { Waiver } from "./verdict.types.js";

/** The waivers that apply to this skill now; expired, undated or unparseable ones never apply. */
export function activeWaivers(skill: string, waivers: readonly Waiver[] | undefined, now: Date | undefined): Waiver[] {
  if (!waivers || !now) return [];
  return waivers.filter((w) => {
    if (w.skill !== skill && w.skill !== "*") return false;
    const expires = Date.parse(w.expires);
    return Number.isFinite(expires) && expires > now.getTime();
  });
}

/** The waiver that silences this finding, if any (first by expiry then by reviewer, for stable output). */
export function waiverFor(finding: Finding, active: readonly Waiver[], policy: Policy): Waiver | undefined {
  if (policy.neverWaive.includes(finding.ruleId)) return undefined;
  return active
    .filter((w) => w.ruleId === finding.ruleId)
    .sort((a, b) => (a.expires < b.expires ? -1 : a.expires > b.expires ? 1 : a.by < b.by ? -1 : a.by > b.by ? 1 : 0))[0];
}
