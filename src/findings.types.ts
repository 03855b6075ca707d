/** The single result shape every stage returns (after trivy's AnalysisResult). */
export const SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Confidence = "low" | "medium" | "high";

/** A finding reuses semgrep's metadata names so rules and reports speak one language. */
export interface Finding {
  ruleId: string;
  stage: string;
  severity: Severity;
  category: string;
  message: string;
  confidence?: Confidence;
  cwe?: string[];
  file?: string;
  line?: number;
  /** Always redacted before it is stored (see src/report/redact.ts). */
  evidence?: string;
  fix?: string;
  references?: string[];
  /** Stable identity for baselines (src/verdict/fingerprint.ts); set by the report model, not by stages. */
  fingerprint?: string;
}

export type StageStatus = "passed" | "findings" | "error" | "skipped";

/**
 * Why a stage was skipped, so the verdict can fail closed on purpose (src/verdict/completeness.ts):
 * - "not-applicable": the stage has nothing to look at (no code files, not high-risk); fine.
 * - "not-selected": the command chose not to run it (e.g. `scan` without `--sandbox`); the
 *   command removes it from the required list itself.
 * - "incomplete": it should have run and could not (`--skip`, missing tool, failed prerequisite).
 * A skipped outcome without a skipKind counts as "incomplete".
 */
export type SkipKind = "not-applicable" | "not-selected" | "incomplete";

export interface ToolInfo {
  name: string;
  version: string;
}

/** A stage says what happened; the runner adds id, version and timing. */
export interface StageOutcome {
  status: StageStatus;
  reason?: string;
  /** Only meaningful when status is "skipped"; see SkipKind. */
  skipKind?: SkipKind;
  tool?: ToolInfo;
  findings: Finding[];
  /** Checks inside a stage that ran or could not run, e.g. {"vuln": "skipped: no database"}. */
  checks?: Record<string, string>;
  /** Stage-specific facts later stages or the verdict may read (kept JSON-serialisable). */
  data?: Record<string, unknown>;
}

export interface StageResult extends StageOutcome {
  stageId: string;
  stageVersion: string;
  durationMs: number;
}
