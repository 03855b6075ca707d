import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AnalysisRecord, NewSubmission } from "../../src/store/index.js";
import { currentProcess } from "../../src/store/index.js";
import { emptyPermissions } from "../../src/skill/permissions.js";

export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), "skillsign-store-"));
}

export function newSubmission(over: Partial<NewSubmission> = {}): NewSubmission {
  return { path: "/skills/demo", skillName: "demo", source: "submit", submittedBy: "alice", owner: currentProcess(), ...over };
}

export function analysis(over: Partial<AnalysisRecord> = {}): AnalysisRecord {
  return {
    skillName: "demo",
    version: "1.0.0",
    contentHash: "a".repeat(64),
    permissionsHash: "b".repeat(64),
    permissions: emptyPermissions(),
    files: [{ path: "SKILL.md", size: 10, executable: false, sha256: "c".repeat(64) }],
    stages: [{ stageId: "manifest", stageVersion: "1", status: "findings", findings: [], durationMs: 3 }],
    findings: [
      {
        ruleId: "demo.rule",
        stage: "patterns",
        severity: "medium",
        category: "credential-access",
        message: "reads a key",
        file: "scripts/run.sh",
        line: 3,
        evidence: "export AWS_KEY=AKIAFAKECANARY000000",
        fix: "do not read keys",
      },
    ],
    verdict: { decision: "review", reasons: [{ kind: "finding", message: "reads a key" }] },
    policyDigest: "d".repeat(64),
    ...over,
  };
}
