import type { Finding } from "../../findings.types.js";
import type { ResolvedPackage } from "../../prefetch/index.js";
import type { OpenDependency } from "../dependencies/output.js";
import { normaliseName } from "../dependencies/parsed.js";

/**
 * The skill's open version ranges the signed attestation does not pin. The policy passes
 * `dependencies.unpinned-version` once the build completed, because the build resolved the range
 * and the exact versions and hashes are signed (`skillsign install` writes them as a hash-pinned
 * requirements file). What the build did not resolve — a manifest no install step used — and npm
 * ranges (a runtime's `npm install` resolves again without a package-lock) are reported, graded as
 * the range is (open-ended medium, bounded low).
 */
export function unresolvedFindings(open: readonly OpenDependency[], resolved: readonly ResolvedPackage[]): Finding[] {
  const installed = new Set(resolved.filter((p) => p.ecosystem === "pypi").map((p) => normaliseName("pypi", p.name)));
  const out: Finding[] = [];
  for (const d of open) {
    if (d.ecosystem === "pypi" && installed.has(normaliseName("pypi", d.name))) continue;
    const label = `${d.name}${d.spec ? ` (${d.spec})` : ""}`;
    out.push({
      ruleId: "build.unresolved-dependency",
      stage: "build",
      // As dependencies.unpinned-version grades it: a bounded range is low, an open-ended one medium.
      severity: d.bounded ? "low" : "medium",
      category: "unpinned",
      confidence: "high",
      file: d.file,
      ...(d.line ? { line: d.line } : {}),
      evidence: label,
      message: d.ecosystem === "npm"
        ? `${label} is an npm range without a package-lock.json: whatever a runtime's npm install resolves later is not what was analysed and signed.`
        : `${label} is open-ended and no install step of the build installed it, so no exact version is signed for it: a runtime would install whatever release is current.`,
      fix: d.ecosystem === "npm"
        ? "Commit a package-lock.json (npm install --package-lock-only) beside package.json."
        : `Pin it (${d.name}==1.2.3), or install ${d.file} in an install step (metadata.openclaw.install) so the build resolves and signs it.`,
    });
  }
  return out;
}
