import type { Finding } from "../../findings.types.js";
import { classifyContext } from "./context.js";
import { redactText } from "../../redact.js";
import { MAX_EVIDENCE, STAGE_ID } from "./finding.js";
import { lineOf, lineText, type ScanDoc } from "./text.js";
import { TEST_PATH } from "./told-to-run.js";

/**
 * Chains within one file: each step alone is a question for a reviewer (a script may read
 * ~/.aws/credentials to list profiles, or post JSON to an API), but reading a credential store and
 * sending data out of the same file, or looking up DNS names built from encoded data, is the
 * stealer itself. Those are critical (reject) unless the step was lowered as documentation or a test
 * fixture (classifyContext).
 */

// Sends data out: HTTP bodies, uploads, raw sockets and DNS lookups (labels carry data).
const SEND =
  /\burlopen\s*\([^)\n]{0,200}\bdata\s*=|\burllib\.request\.Request\s*\([^\n]{0,200}\bdata\s*=|\b(?:requests|httpx|session)\.(?:post|put|patch)\s*\(|\baxios\.(?:post|put)\s*\(|\bfetch\s*\([^\n]{0,200}\bmethod\s*:\s*["'`](?:POST|PUT)|\bhttps?\.request\s*\(|\bcurl\b[^\n]{0,200}\s(?:-d|--data(?:-binary|-raw|-urlencode)?|-F|--form|-T|--upload-file)\b|\bwget\b[^\n]{0,200}--post-(?:data|file)|\b(?:nc|ncat|netcat|socat)\s+[\w.-]+\s+\d+|\bsocket\.(?:gethostbyname|getaddrinfo)\s*\(|\bdns\.(?:lookup|resolve\w*)\s*\(|\b(?:nslookup|dig|getent\s+hosts|host)\s+["']?\$/;
// A DNS lookup whose first label is data: "$n.v.stats.example", f"{chunk}.{i}.q.example", `${hex}.t.example`.
const DNS_DATA_LABEL =
  /\b(?:nslookup|dig|host|getent\s+hosts|ping\s+(?:-\w+\s+\S+\s+)*)\s*["']?\$\{?\w+\}?\.|\b(?:gethostbyname|getaddrinfo|dns\.(?:lookup|resolve\w*))\s*\(\s*(?:f["']\{|`\$\{|\w+\s*\+\s*["'`]\.)/;
// Turns bytes into label-safe text.
const ENCODE = /\bbase32\b|\bb32encode\b|\bxxd\s+-p\b|\bod\s+-A\s*n\s+-t\s*x1|\b(?:b64encode|base64)\b|toString\(\s*["'](?:hex|base64)["']\s*\)|\.hex\(\)|\bhexlify\b/;

const ENV_SECRET_FILTER = /\b(?:printenv|env|set)\s*\|\s*(?:grep|egrep|rg)\b[^\n|]{0,60}(?:token|secret|key|passw|credential|auth)/i;

// Reading a credential store (not asking the user for a secret in chat: that is a different risk).
const CREDENTIAL_READS = new Set([
  "patterns.ssh-private-key-access",
  "patterns.cloud-credentials-file",
  "patterns.browser-credential-store",
  "patterns.keychain-dump",
  "patterns.system-password-files",
  "patterns.environment-secret-dump",
]);

export function chainFindings(doc: ScanDoc, found: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  const read = found.find((f) => CREDENTIAL_READS.has(f.ruleId) && f.confidence !== "low");
  // In a shipped script, filtering the environment for secrets (`env | grep -i token`) is a read too.
  const envFilter = doc.kind === "code" && !TEST_PATH.test(doc.path) ? ENV_SECRET_FILTER.exec(doc.text) : null;
  const send = SEND.exec(doc.text);
  if ((read || envFilter) && send) {
    const from = read ? `a credential store (${read.ruleId}, line ${read.line ?? "?"})` : `the environment's secrets (line ${lineOf(doc, envFilter!.index)})`;
    out.push(chain(doc, "credential-read-and-send", read?.line ?? lineOf(doc, envFilter!.index), lineOf(doc, send.index), `reads ${from} and sends data out in the same file (line ${lineOf(doc, send.index)})`));
  }
  const dns = DNS_DATA_LABEL.exec(doc.text);
  if (dns && ENCODE.test(doc.text) && classifyContext(doc, lineOf(doc, dns.index), dns.index, dns[0].length, true).kind === "direct") {
    out.push(chain(doc, "dns-encoded-exfil", lineOf(doc, dns.index), lineOf(doc, dns.index), "looks up DNS names whose first label is encoded data: each lookup carries that data to whoever runs the name server"));
  }
  return out;
}

function chain(doc: ScanDoc, id: string, line: number | undefined, shown: number, what: string): Finding {
  return {
    ruleId: `patterns.${id}`,
    stage: STAGE_ID,
    severity: "critical",
    category: "exfiltration",
    confidence: "high",
    cwe: ["CWE-200"],
    message: `${doc.path} ${what}: together they are how stealers exfiltrate secrets.`,
    file: doc.path,
    ...(line !== undefined ? { line } : {}),
    evidence: shownLine(doc, shown),
    fix: "Remove the code that sends data out, or the read of the credential store; a skill should never need both.",
  };
}

/** The sending line as evidence: redacted first, then at most MAX_EVIDENCE characters. */
function shownLine(doc: ScanDoc, line: number): string {
  const r = redactText(lineText(doc, line).slice(0, 1000).trim());
  return r.length > MAX_EVIDENCE ? `${r.slice(0, MAX_EVIDENCE - 1)}…` : r;
}
