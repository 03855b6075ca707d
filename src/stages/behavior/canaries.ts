import { randomBytes } from "node:crypto";

// Assembled so secret scanners of this repository do not mistake the canary template for a key.
const SSH_LABEL = ["OPENSSH", "PRIVATE", "KEY"].join(" ");

/** A fake secret planted for one run. Values are unique per run so any sighting is attributable. */
export interface Canary {
  /** Where it was planted: an env var name or a path relative to $HOME / the work dir. */
  label: string;
  value: string;
  /** "secret" canaries must never leave; "input" canaries stand for the user's prompt data. */
  kind: "secret" | "input";
}

export interface BaitFile {
  /** "home" or "work": which writable directory the file goes into. */
  base: "home" | "work";
  relPath: string;
  content: string;
  /** Secret files count as canary reads when opened; the prompt file is input the skill may read. */
  secret: boolean;
}

export interface CanarySet {
  env: Record<string, string>;
  files: BaitFile[];
  canaries: Canary[];
}

const UPPER32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const B64 = `${ALNUM}+/`;
const URLSAFE = `${ALNUM}-_`;

function token(len: number, alphabet = UPPER32): string {
  const bytes = randomBytes(len);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/**
 * A private host no skill calls: HTTP libraries send a netrc entry's password to the host it names,
 * so a public API host here (it was api.github.com) turned a benign GitHub client into "canary-exfil".
 * Random per run, so it is no marker of the sandbox either.
 */
function netrcMachine(): string {
  return `git.${token(8, "abcdefghijklmnopqrstuvwxyz")}-internal.com`;
}

/** A password a person might pick: words, digits, a symbol. */
function password(): string {
  const words = ["Summer", "Falcon", "Harbor", "Maple", "Quartz", "River", "Cobalt", "Winter", "Orchid", "Tango"];
  const pick = () => words[randomBytes(1)[0]! % words.length]!;
  return `${pick()}${pick()}${randomBytes(2).readUInt16BE() % 9000 + 1000}!${token(6, ALNUM)}`;
}

/**
 * An OpenSSH private key's armour and first line (the fixed "openssh-key-v1, no cipher" header
 * every unencrypted key starts with), then random base64 lines; the canary is one of them.
 */
function sshKey(secretLine: string): string {
  const lines = ["b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW", `QyNTUxOQAAACA${token(57, B64)}`, secretLine, token(70, B64), `${token(28, B64)}AAAAEXVzZXJAd29ya3N0YXRpb24BAgMEBQ==`];
  return `-----BEGIN ${SSH_LABEL}-----\n${lines.join("\n")}\n-----END ${SSH_LABEL}-----\n`;
}

/**
 * Fresh values for one run, each shaped exactly like the real credential (stealers grep for
 * AKIA…, ghp_…, sk-proj-…, PEM armour) and with no marker a skill could grep for to spot the
 * sandbox: they are tracked by value.
 */
export function makeCanaries(): CanarySet {
  const c = (label: string, value: string, kind: Canary["kind"] = "secret"): Canary => ({ label, value, kind });
  const awsId = c("AWS_ACCESS_KEY_ID", `AKIA${token(16)}`);
  const awsSecret = c("AWS_SECRET_ACCESS_KEY", token(40, B64));
  const github = c("GITHUB_TOKEN", `ghp_${token(36, ALNUM)}`);
  const openai = c("OPENAI_API_KEY", `sk-proj-${token(64, URLSAFE)}T3BlbkFJ${token(64, URLSAFE)}`);
  const anthropic = c("ANTHROPIC_API_KEY", `sk-ant-api03-${token(93, URLSAFE)}AA`);
  const npm = c("NPM_TOKEN", `npm_${token(36, ALNUM)}`);
  const ssh = c("~/.ssh/id_rsa", token(70, B64));
  const netrc = c("~/.netrc", password());
  const chrome = c("~/.config/google-chrome/Default/Login Data", password());
  const dotenv = c(".env", token(24, ALNUM));
  const prompt = c("~/input/prompt.md", `ACME-${token(4, "0123456789")}-${token(10)}`, "input");
  const env = Object.fromEntries([awsId, awsSecret, github, openai, anthropic, npm].map((x) => [x.label, x.value]));
  const files: BaitFile[] = [
    { base: "home", relPath: ".aws/credentials", secret: true, content: `[default]\naws_access_key_id = ${awsId.value}\naws_secret_access_key = ${awsSecret.value}\nregion = us-east-1\n` },
    { base: "home", relPath: ".ssh/id_rsa", secret: true, content: sshKey(ssh.value) },
    { base: "home", relPath: ".netrc", secret: true, content: `machine ${netrcMachine()} login octo-dev password ${netrc.value}\n` },
    { base: "home", relPath: ".config/google-chrome/Default/Login Data", secret: true, content: `origin_url=https://accounts.google.com password_value=${chrome.value}\n` },
    { base: "work", relPath: ".env", secret: true, content: `DATABASE_URL=postgres://app:${dotenv.value}@localhost:5432/app\n` },
    { base: "home", relPath: "input/prompt.md", secret: false, content: `# Notes to summarise\n\nCustomer reference ${prompt.value}. Please keep this private.\n` },
  ];
  return { env, files, canaries: [awsId, awsSecret, github, openai, anthropic, npm, ssh, netrc, chrome, dotenv, prompt] };
}

/**
 * The forms a value may take on its way out: as is, hex, base64 (three alignments: only the
 * characters that depend on the value alone), and reversed. Lets the monitor see through the
 * usual one-step encodings a dropper applies before exfiltration.
 */
export function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const forms = new Set<string>([value, bytes.toString("hex"), [...value].reverse().join("")]);
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad), bytes]).toString("base64").replace(/=+$/, "");
    const core = b64.slice(pad ? 4 : 0, b64.length - 4);
    if (core.length >= 12) forms.add(core);
  }
  return [...forms];
}

const formsCache = new WeakMap<Canary, string[]>();

/** Which canaries show up in a piece of text, in any of their encoded forms. */
export function findCanaries(text: string, canaries: readonly Canary[]): Canary[] {
  if (!text) return [];
  return canaries.filter((c) => {
    let forms = formsCache.get(c);
    if (!forms) formsCache.set(c, (forms = encodedForms(c.value)));
    return forms.some((f) => text.includes(f));
  });
}
