import type { Finding, StageResult } from "../findings.types.js";
import type { StageId } from "../stage-ids.js";

export type Decision = "approved" | "review" | "rejected";

/** What the policy does with one finding. */
export type FindingAction = "reject" | "review" | "pass";

/** One line of "why": a finding that counts, a stage that could not run, or a waived finding. */
export type VerdictReason =
  | { kind: "finding"; action: "reject" | "review"; ruleId: string; stage: string; message: string }
  | { kind: "incomplete"; stage: string; message: string }
  | { kind: "waived"; ruleId: string; stage: string; message: string; fingerprint?: string };

export interface Verdict {
  decision: Decision;
  /** Ordered: reject findings, incomplete stages, review findings, waived findings. */
  reasons: VerdictReason[];
  /** The findings that produced the decision (reject-level ones when rejected, review-level when review). */
  decidingFindings: Finding[];
}

/** The slice of a SkillAnalysis the verdict reads (so the store can replay a verdict from rows). */
export interface RoutableAnalysis {
  name: string;
  stages: readonly StageResult[];
  findings: readonly Finding[];
}

/** A reviewer's decision that one rule does not count for one skill until a date. */
export interface Waiver {
  /** Skill name, or "*" for every skill. */
  skill: string;
  ruleId: string;
  reason: string;
  /** ISO 8601 date or date-time; the waiver stops applying at this instant. */
  expires: string;
  by: string;
}

export interface RouteOptions {
  waivers?: readonly Waiver[];
  /** Needed for waivers: without it no waiver applies (expiry cannot be checked). */
  now?: Date;
  /**
   * The stages the command chose to run. Required stages outside this list are not required
   * for this verdict (`scan` runs only the static stages). Omit to require every policy stage.
   */
  selectedStages?: readonly StageId[];
  /**
   * Accepted findings by fingerprint (a baseline file, src/baseline/): they are listed as waived
   * and do not count, except rules the policy never waives.
   */
  baseline?: ReadonlyMap<string, string>;
}
