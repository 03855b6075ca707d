import { entropy } from "./placeholder.js";

/** Base64 never holds these; a documented key shows them where the body was cut (`...`, `<key>`, `xxxxxx`). */
const ELIDED = /\.\.\.|[<>*…]|x{6,}|your|example|placeholder|redacted|truncated/i;

/** A private key block: its label, where it starts, and whether it is a GCP service-account file. */
export interface KeyBlock {
  label: string;
  /** 1-based line of the BEGIN marker. */
  line: number;
  serviceAccount: boolean;
}

// The body may be real newlines or JSON's "\n" escapes (a service-account file keeps the key on one line).
const BLOCK = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----((?:\\n|\\r|[\sA-Za-z0-9+/=:,-])*?)-----END \1-----/g;
const SERVICE_ACCOUNT = /"type"\s*:\s*"service_account"/;

/**
 * Private key blocks with a real body: at least 64 base64 characters and no placeholder
 * (`...`, `<key>`, `xxxx`). A BEGIN line without an END (a truncated paste) does not count.
 */
export function privateKeyBlocks(text: string): KeyBlock[] {
  const out: KeyBlock[] = [];
  const serviceAccount = SERVICE_ACCOUNT.test(text);
  for (const m of text.matchAll(BLOCK)) {
    const body = m[2]!.replace(/\\[nr]/g, "").replace(/^[A-Za-z-]+:.*$/gm, "").replace(/\s/g, "");
    if (body.length < 64 || ELIDED.test(m[2]!) || entropy(body) < 4.5) continue;
    out.push({ label: m[1]!, line: lineAt(text, m.index!), serviceAccount: serviceAccount && m[0].includes("\\n") });
  }
  return out;
}

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
