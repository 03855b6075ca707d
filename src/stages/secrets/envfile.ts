import { looksRandom } from "./placeholder.js";

/** `.env`, `.env.production`, `config/.env.local`; not the committed templates (`.env.example`). */
const ENV_FILE = /(?:^|\/)\.env(?:\.[\w.-]+)?$/;
const TEMPLATE = /\.(?:example|sample|template|dist|defaults?|tmpl|tpl)$/i;
/** Files whose format is credentials: npm/PyPI/netrc/git credential stores. */
const CREDENTIAL_FILE = /(?:^|\/)(?:\.npmrc|\.pypirc|\.netrc|_netrc|\.git-credentials)$/;

const SECRET_NAME = /(?:secret|token|passw(?:or)?d|passwd|pwd|api_?key|apikey|access_?key|private_?key|auth|credential|client_?secret)/i;
const ENV_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(["']?)(.*?)\2\s*(?:#.*)?$/;
const CRED_LINE = /(?:_authToken|_auth|_password|password|passwd)\s*[=:]?\s*["']?([^\s"']{8,})|^\s*(?:machine\s+\S+\s+)?(?:login\s+\S+\s+)?password\s+(\S{8,})|https?:\/\/[^\s:@/]+:([^\s@/]{8,})@/;

export type FileKind = "env" | "credential" | "other";

export function fileKind(path: string): FileKind {
  if (ENV_FILE.test(path) && !TEMPLATE.test(path)) return "env";
  if (CREDENTIAL_FILE.test(path)) return "credential";
  return "other";
}

export interface ValueHit {
  start: number;
  end: number;
  name: string;
}

/** A secret-named variable with a random-looking value in a .env file. */
export function envHit(line: string): ValueHit | undefined {
  const m = ENV_LINE.exec(line);
  if (!m || !SECRET_NAME.test(m[1]!)) return undefined;
  const value = m[3]!;
  if (value.length < 8 || !looksRandom(value, 3.0)) return undefined;
  const start = line.indexOf(value, m[0].indexOf("=") + 1);
  return { start, end: start + value.length, name: m[1]! };
}

/** A password or auth token in a credential store file (.npmrc `_authToken=`, .netrc `password`). */
export function credentialHit(line: string): ValueHit | undefined {
  const m = CRED_LINE.exec(line);
  const value = m?.[1] ?? m?.[2] ?? m?.[3];
  if (!m || !value || !looksRandom(value, 2.8)) return undefined;
  const start = line.indexOf(value, m.index);
  return { start, end: start + value.length, name: "password" };
}
