import type { Finding } from "../../findings.types.js";
import { describeHost, homoglyphOf } from "../../skill/hosts.js";
import { manifestFinding } from "./finding.js";
import type { UseSite } from "./manifest.types.js";

/**
 * Code that reaches a homoglyph host (`gооgle.com` with Cyrillic o's) hides where it sends data:
 * the reader sees google.com, the resolver goes elsewhere. One finding per (file, host).
 */
export function lookalikeHostFindings(sites: readonly UseSite[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const site of sites) {
    if (site.capability !== "network" || !site.target) continue;
    const like = homoglyphOf(site.target);
    const key = `${site.file}\0${site.target}`;
    if (!like || seen.has(key)) continue;
    seen.add(key);
    out.push(manifestFinding({
      ruleId: "manifest.lookalike-host",
      severity: "high",
      category: "network",
      confidence: "high",
      cwe: ["CWE-1007"],
      message: `${site.file}:${site.line} reaches ${describeHost(site.target)}: a host spelt with look-alike letters from another script hides where the skill connects`,
      file: site.file,
      line: site.line,
      evidence: site.evidence,
      fix: `Use the real host name (${like}) if that is what you mean; a homoglyph host is what phishing and exfiltration use to pass review.`,
    }));
  }
  return out;
}
