import type { Finding } from "../../findings.types.js";
import type { PrefetchError, ResolvedPackage } from "../../prefetch/index.js";
import { redactText } from "../../redact.js";

/** A lock or hash-pinned requirements file whose bytes do not match: the build is refused. */
export function hashMismatchFinding(step: string, err: PrefetchError): Finding {
  return {
    ruleId: "build.dependency-hash-mismatch",
    stage: "build",
    severity: "high",
    category: "supply-chain",
    confidence: "high",
    message: redactText(`${err.message}; the skill was not built: ${step}`),
    evidence: redactText(err.evidence).slice(0, 2000),
    fix: "Regenerate the lock or the hashes from the registry (pip-compile --generate-hashes, npm install --package-lock-only) and check why they differed",
  };
}

/** An install step whose downloads passed the prefetch budget: stopped, and the build is refused. */
export function tooLargeFinding(step: string, err: PrefetchError): Finding {
  return {
    ruleId: "build.dependencies-too-large",
    stage: "build",
    severity: "medium",
    category: "resource",
    confidence: "high",
    message: redactText(`${err.message}; the skill was not built and its behaviour was not observed: ${step}`),
    evidence: redactText(err.evidence).slice(0, 500),
    fix: "Depend on fewer or smaller packages (for example a CPU-only build instead of one that pulls GPU libraries); a marketplace operator can raise SKILLSIGN_PREFETCH_MAX_MB",
  };
}

/** Dependencies skillsign had to resolve itself: the signed statement records them; the creator should pin them. */
export function unpinnedFinding(step: string, unpinned: readonly ResolvedPackage[]): Finding {
  const pins = unpinned.map((p) => (p.ecosystem === "pypi" ? `${p.name}==${p.version} --hash=sha256:${p.sha256}` : `${p.name}@${p.version}`));
  return {
    ruleId: "build.unpinned-dependencies",
    stage: "build",
    severity: "low",
    category: "supply-chain",
    confidence: "high",
    message: redactText(`${unpinned.length} dependencies were not pinned by the skill and were resolved at prefetch (recorded in the attestation): ${step}`),
    evidence: pins.join("\n").slice(0, 2000),
    fix: unpinned[0]?.ecosystem === "npm"
      ? "Ship a package-lock.json (npm install --package-lock-only)"
      : "Pin every dependency with hashes (pip-compile --generate-hashes), e.g. the lines in the evidence",
  };
}

/** npm packages with install scripts: they ran inside the gVisor build, never at prefetch. */
export function installScriptFinding(step: string, pkgs: readonly ResolvedPackage[]): Finding {
  return {
    ruleId: "build.dependency-install-script",
    stage: "build",
    severity: "info",
    category: "install-hook",
    confidence: "high",
    message: redactText(`${pkgs.length} npm dependencies have install scripts; they ran only inside the sandboxed build: ${step}`),
    evidence: pkgs.map((p) => `${p.name}@${p.version}`).join("\n").slice(0, 1000),
    fix: "Prefer dependencies without install scripts; the behaviour stage watches what the installed code does",
  };
}

/** Python packages with no wheel: pip built them (their setup code ran) only inside the gVisor build. */
export function sdistFinding(step: string, pkgs: readonly ResolvedPackage[]): Finding {
  return {
    ruleId: "build.sdist-dependency",
    stage: "build",
    severity: "medium",
    category: "install-hook",
    confidence: "high",
    message: redactText(`${pkgs.length} Python dependencies exist only as source distributions; their build code ran only inside the sandboxed build: ${step}`),
    evidence: pkgs.map((p) => `${p.name}==${p.version} --hash=sha256:${p.sha256}`).join("\n").slice(0, 1000),
    fix: "Depend on a version that publishes wheels, or vendor a built wheel (wheels/ folder); an sdist runs arbitrary code when it is built",
  };
}
