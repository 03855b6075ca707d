import type { Envelope } from "../signing/dsse.js";

/** One accepted finding: its fingerprint decides, the rest tells a reviewer what was accepted. */
export interface BaselineEntry {
  fingerprint: string;
  skill: string;
  ruleId: string;
  file?: string;
  /** Where it was when the baseline was made (informational: fingerprints ignore lines). */
  line?: number;
  severity: string;
  message: string;
}

/** The signed part of a baseline file. */
export interface BaselineBody {
  schemaVersion: 1;
  kind: "skillsign-baseline";
  createdAt: string;
  tool: { name: "skillsign"; version: string };
  entries: BaselineEntry[];
}

/** A baseline file: the body, plus a reviewer-key DSSE signature over its canonical JSON. */
export interface BaselineFile extends BaselineBody {
  signature?: Envelope;
}

export const BASELINE_PAYLOAD_TYPE = "application/vnd.skillsign.baseline+json";
