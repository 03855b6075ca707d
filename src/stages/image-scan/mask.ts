import { REDACTED, redactText } from "../../redact.js";

/**
 * Evidence for a secret finding: Trivy's masked `Match`, redacted again, and checked against
 * the original line so the secret itself can never come through (e.g. if a Trivy version
 * stopped masking). Without the original line, a Match with no mask at all is withheld.
 */
export function secretEvidence(match: string | undefined, originalLine: string | undefined): string {
  if (!match) return REDACTED;
  let evidence = redactText(match);
  if (originalLine !== undefined) {
    for (const secret of maskedPieces(match, originalLine)) evidence = evidence.split(secret).join(REDACTED);
    if (!match.includes("*") && match.trim() === originalLine.trim()) return REDACTED;
  } else if (!match.includes("*")) {
    return REDACTED;
  }
  return evidence.slice(0, 500);
}

/** The runs of the original line that Trivy replaced with `*` (same length, same position). */
export function maskedPieces(match: string, original: string): string[] {
  const at = original.indexOf(match.replace(/\*+.*$/s, ""));
  if (at < 0) return [];
  const pieces: string[] = [];
  let run = "";
  for (let i = 0; i < match.length && at + i < original.length; i++) {
    const o = original[at + i]!;
    if (match[i] === "*" && o !== "*") run += o;
    else if (run) {
      pieces.push(run);
      run = "";
    }
  }
  if (run) pieces.push(run);
  return pieces.filter((p) => p.length >= 4);
}
