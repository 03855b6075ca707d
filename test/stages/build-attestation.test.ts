import { describe, expect, it } from "vitest";
import type { StageResult } from "../../src/findings.types.js";
import { buildStatement, parseStatement } from "../../src/signing/statement.js";
import { buildAttestation } from "../../src/stages/image-build/attestation.js";

const sha = (c: string) => c.repeat(64);
const buildResult = (data: unknown): StageResult => ({ stageId: "build", stageVersion: "2", durationMs: 1, status: "findings", findings: [], data: data as Record<string, unknown> });

describe("build: what goes into the signed statement", () => {
  const data = {
    baseImage: "skillsign/base:x",
    installSteps: ["pip install idna"],
    imageTag: "skillsign/skill:a-b",
    resolvedDependencies: [
      { ecosystem: "pypi", name: "idna", version: "3.20", file: "idna-3.20-py3-none-any.whl", sha256: sha("a"), pinned: false },
      { ecosystem: "npm", name: "is-number", version: "7.0.0", file: "is-number-7.0.0.tgz", integrity: "sha512-xyz", pinned: true, installScript: true },
    ],
    sbom: { format: "CycloneDX", specVersion: "1.7", sha256: sha("b"), components: 3 },
  };

  it("takes the exact dependencies (with hashes, pinned or not) and the SBOM digest from the build's data", () => {
    expect(buildAttestation([buildResult(data)])).toEqual({
      dependencies: [
        { ecosystem: "pypi", name: "idna", version: "3.20", sha256: sha("a"), pinned: false },
        { ecosystem: "npm", name: "is-number", version: "7.0.0", integrity: "sha512-xyz", pinned: true },
      ],
      sbom: { format: "CycloneDX", sha256: sha("b") },
    });
    expect(buildAttestation([buildResult({ baseImage: "x", installSteps: [] })])).toEqual({});
    expect(buildAttestation([])).toEqual({});
  });

  it("signs them into the predicate, and a statement with a malformed SBOM digest is refused", () => {
    const statement = buildStatement({
      name: "s", version: "1", contentHash: sha("c"), files: [], permissions: {} as never, permissionsHash: sha("d"),
      approval: { kind: "pipeline" }, sequence: 1, signedAt: new Date(0), keyId: sha("e"), ...buildAttestation([buildResult(data)]),
    });
    const parsed = parseStatement(Buffer.from(JSON.stringify(statement)));
    expect(parsed.predicate.sbom).toEqual({ format: "CycloneDX", sha256: sha("b") });
    expect(parsed.predicate.dependencies?.map((d) => `${d.name}==${d.version}`)).toEqual(["idna==3.20", "is-number==7.0.0"]);
    const bad = { ...statement, predicate: { ...statement.predicate, sbom: { format: "CycloneDX", sha256: "not-hex" } } };
    expect(() => parseStatement(Buffer.from(JSON.stringify(bad)))).toThrow(/sbom/);
  });
});
