import type { Finding, Severity } from "../../findings.types.js";
import { severityRank } from "../../findings.types.js";

/** Folders that hold tests and sample inputs (same convention as the patterns stage). */
const TEST_PATH = /(?:^|\/)(?:tests?|__tests__|spec|fixtures?|testdata)\//i;

/**
 * Code under a test folder is often a deliberate sample of what a tool must detect, so its
 * findings are lowered (never dropped): at most medium, low confidence, which routes the skill
 * to a reviewer instead of rejecting it outright.
 */
export function lowerIfTestFile(f: Finding): Finding {
  if (!f.file || !TEST_PATH.test(f.file)) return f;
  const cap: Severity = "medium";
  const severity = severityRank(f.severity) > severityRank(cap) ? cap : f.severity;
  return { ...f, severity, confidence: "low", message: `${f.message} [lowered: in a test file (${f.file})]` };
}
