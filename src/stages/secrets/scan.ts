import type { Finding } from "../../findings.types.js";
import { REDACTED, redactText } from "../../redact.js";
import { credentialHit, envHit, fileKind } from "./envfile.js";
import { privateKeyBlocks } from "./pem.js";
import { LEAKED_FIX, mayHoldToken, tokenHits } from "./rules.js";

export const STAGE_ID = "secrets";
/** Lines longer than this are minified code or data: only their start is read, so no regex runs away. */
const MAX_LINE = 8_000;
const MAX_PER_FILE = 20;

/** Every credential in one text file, each finding with its value replaced by ******** in the evidence. */
export function scanText(path: string, text: string): Finding[] {
  const out: Finding[] = [];
  for (const key of privateKeyBlocks(text)) {
    out.push(key.serviceAccount
      ? finding("secrets.gcp-service-account", "critical", path, key.line, `a Google Cloud service-account key file (with its private key)`, `"private_key": "-----BEGIN ${key.label}-----${REDACTED}"`)
      : finding("secrets.private-key", "critical", path, key.line, `a ${key.label.replace(/ BLOCK$/, "")} (${key.label.startsWith("PGP") ? "PGP" : "PEM"} block with its key material)`, `-----BEGIN ${key.label}-----${REDACTED}`));
  }
  const kind = fileKind(path);
  if (kind === "other" && !mayHoldToken(text)) return dedupe(out);
  const lines = text.split("\n");
  for (let i = 0; i < lines.length && out.length < MAX_PER_FILE; i++) {
    const line = lines[i]!.length > MAX_LINE ? lines[i]!.slice(0, MAX_LINE) : lines[i]!;
    const hits = tokenHits(line);
    for (const h of hits) out.push(finding(h.rule.id, h.rule.severity, path, i + 1, h.rule.title, evidence(line, [h])));
    if (hits.length > 0 || kind === "other") continue;
    const v = kind === "env" ? envHit(line) : credentialHit(line);
    if (!v) continue;
    out.push(kind === "env"
      ? finding("secrets.env-file", "high", path, i + 1, `a secret-looking value for ${v.name} in a .env file`, evidence(line, [v]))
      : finding("secrets.credential-file", "critical", path, i + 1, `a password or auth token in a credential store file`, evidence(line, [v])));
  }
  return dedupe(out).slice(0, MAX_PER_FILE);
}

function finding(ruleId: string, severity: Finding["severity"], file: string, line: number, what: string, ev: string): Finding {
  return {
    ruleId,
    stage: STAGE_ID,
    severity,
    category: "secrets",
    confidence: "high",
    cwe: ["CWE-798"],
    message: `${file}:${line} contains ${what}; a published skill hands it to every user`,
    file,
    line,
    evidence: ev,
    fix: LEAKED_FIX,
  };
}

/** The line with each secret value replaced by ********, trimmed around the first one. */
function evidence(line: string, spans: Array<{ start: number; end: number }>): string {
  let out = line;
  for (const s of [...spans].sort((a, b) => b.start - a.start)) out = `${out.slice(0, s.start)}${REDACTED}${out.slice(s.end)}`;
  const at = Math.max(0, out.indexOf(REDACTED) - 60);
  const cut = out.slice(at, at + 160).trim();
  return redactText(`${at > 0 ? "…" : ""}${cut}${at + 160 < out.length ? "…" : ""}`);
}

/** One finding per rule and line (two shapes of the same key on one line are one credential). */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.ruleId}\0${f.line}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
