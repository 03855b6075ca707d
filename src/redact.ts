/**
 * Secret-like values are shown as ******** everywhere: reports, logs, errors, the store.
 * Two passes: values assigned to secret-looking names, and strings shaped like known tokens.
 */
export const REDACTED = "********";

const SECRET_NAME = String.raw`(?:[A-Za-z0-9_.-]*(?:secret|token|passw(?:or)?d|passphrase|private[_-]?key|api[_-]?key|access[_-]?key|auth|credential|session)[A-Za-z0-9_.-]*)`;

const ASSIGNMENT = new RegExp(
  String.raw`(${SECRET_NAME}["']?\s*(?:=|:|=>)\s*["']?)([^\s"',;}{]{4,})`,
  "gi",
);

const TOKEN_SHAPES: RegExp[] = [
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key id
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}\b/g, // OpenAI / Anthropic style keys
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g, // Slack
  /\bglpat-[A-Za-z0-9_-]{20}\b/g, // GitLab
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g, // JWT
  /\bSKILLSIGN_CANARY_[A-Za-z0-9_]+\b/g, // our own canary values
  /\bsks_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, // skillsign serve API tokens (src/service/auth/tokens.ts)
];

const PEM_BLOCK = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----[\s\S]*?(?:-----END \1-----|$)/g;

export function redactText(text: string): string {
  let out = text.replace(PEM_BLOCK, (_m, label: string) => `-----BEGIN ${label}-----${REDACTED}`);
  out = out.replace(ASSIGNMENT, (_m, prefix: string) => `${prefix}${REDACTED}`);
  for (const re of TOKEN_SHAPES) out = out.replace(re, REDACTED);
  return out;
}

/** Keys whose values are never shown, whatever they contain. */
const SECRET_KEY = new RegExp(`^${SECRET_NAME}$`, "i");

/** Deep-redacts a JSON-able value: secret-named keys lose their values, strings are scrubbed. */
export function redactValue<T>(value: T): T {
  return walk(value) as T;
}

function walk(v: unknown, key?: string): unknown {
  if (typeof v === "string") return key && SECRET_KEY.test(key) && !isHashLike(key) ? REDACTED : redactText(v);
  if (Array.isArray(v)) return v.map((x) => walk(x));
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k)]));
  }
  return v;
}

/** Hashes and ids are public by design (e.g. "permissionsHash", "tokenCount" are not secrets). */
function isHashLike(key: string): boolean {
  return /(hash|digest|count|id|path|file|name|env|type|kind)$/i.test(key);
}
