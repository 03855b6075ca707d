import type { StageResult } from "../../findings.types.js";
import type { ResolvedDependency, SbomDigest } from "../../signing/statement.types.js";
import { buildOutput } from "./output.js";

/**
 * What the build adds to the signed statement: the exact dependencies it installed (versions and
 * hashes, also those the skill left unpinned) and the digest of the image's SBOM.
 */
export function buildAttestation(stages: readonly StageResult[]): { dependencies?: ResolvedDependency[]; sbom?: SbomDigest } {
  const data = stages.find((s) => s.stageId === buildOutput.stage)?.data;
  if (!buildOutput.is(data)) return {};
  const out: { dependencies?: ResolvedDependency[]; sbom?: SbomDigest } = {};
  if (data.resolvedDependencies?.length) {
    out.dependencies = data.resolvedDependencies.map((p) => ({
      ecosystem: p.ecosystem,
      name: p.name,
      version: p.version,
      ...(p.sha256 ? { sha256: p.sha256 } : {}),
      ...(p.integrity ? { integrity: p.integrity } : {}),
      pinned: p.pinned,
    }));
  }
  if (data.sbom) out.sbom = { format: data.sbom.format, sha256: data.sbom.sha256 };
  return out;
}
