import type { Finding, Severity } from "../../findings.types.js";
import { severityRank } from "../../findings.js";
// Same convention as the patterns stage.
import { TEST_PATH, testFilesToldToRun } from "../patterns/told-to-run.js";
import { readSnapshotText } from "../../snapshot/read.js";
import type { Snapshot } from "../../snapshot/snapshot.types.js";

/**
 * Code under a test folder is often a deliberate sample of what a tool must detect, so its
 * findings are lowered (never dropped): at most medium, low confidence, which routes the skill
 * to a reviewer instead of rejecting it outright.
 */
export function lowerIfTestFile(f: Finding, toldToRun: ReadonlySet<string> = new Set()): Finding {
  // A test file that SKILL.md tells the agent to run is part of the skill, not a sample.
  if (!f.file || !TEST_PATH.test(f.file) || toldToRun.has(f.file)) return f;
  const cap: Severity = "medium";
  const severity = severityRank(f.severity) > severityRank(cap) ? cap : f.severity;
  return { ...f, severity, confidence: "low", message: `${f.message} [lowered: in a test file (${f.file})]` };
}

/** Test-folder files that the skill's SKILL.md tells the agent to run. */
export function testsToldToRun(snap: Snapshot): Set<string> {
  const paths = snap.files.map((f) => f.path);
  if (!paths.some((p) => TEST_PATH.test(p))) return new Set();
  const skillMd = readSnapshotText(snap, "SKILL.md");
  return skillMd.ok ? testFilesToldToRun([skillMd.text], paths) : new Set();
}
