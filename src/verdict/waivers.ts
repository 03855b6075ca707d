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

/** The waiver that silences this finding, if any (the earliest to expire, then by reviewer, for stable output). */
export function waiverFor(finding: Finding, active: readonly Waiver[], policy: Policy): Waiver | undefined {
  if (policy.neverWaive.includes(finding.ruleId)) return undefined;
  const key = (w: Waiver) => `${w.expires}\u0000${w.by}`;
  return active
    .filter((w) => w.ruleId === finding.ruleId)
    .reduce<Waiver | undefined>((best, w) => (best === undefined || key(w) < key(best) ? w : best), undefined);
}
