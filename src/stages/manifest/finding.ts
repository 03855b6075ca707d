import type { Finding } from "../../findings.types.js";
import { redactText } from "../../redact.js";

const MAX_EVIDENCE = 200;

/** Builds a manifest finding; message and evidence are always redacted, evidence is shortened. */
export function manifestFinding(f: Omit<Finding, "stage">): Finding {
  // Messages quote code and paths too, so they are scrubbed like evidence.
  const out: Finding = { ...f, stage: "manifest", message: redactText(f.message) };
  if (f.evidence !== undefined) out.evidence = shortEvidence(f.evidence);
  return out;
}

export function shortEvidence(text: string): string {
  const one = redactText(text.trim());
  return one.length > MAX_EVIDENCE ? `${one.slice(0, MAX_EVIDENCE)}…` : one;
}
