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

const ALNUM_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function token(len: number, alphabet = ALNUM_UPPER): string {
  const bytes = randomBytes(len);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/** Values shaped like the real thing (stealers grep for AKIA…, ghp_…) yet marked SKILLSIGN_CANARY where the format allows. */
export function makeCanaries(): CanarySet {
  const id = token(10);
  const c = (label: string, value: string, kind: Canary["kind"] = "secret"): Canary => ({ label, value, kind });
  const awsId = c("AWS_ACCESS_KEY_ID", `AKIA${token(16)}`);
  const awsSecret = c("AWS_SECRET_ACCESS_KEY", `SKILLSIGN_CANARY_${id}_AWS_${token(12)}`);
  const github = c("GITHUB_TOKEN", `ghp_SKILLSIGNCANARY${token(20)}`);
  const openai = c("OPENAI_API_KEY", `sk-proj-SKILLSIGN_CANARY_${id}_OPENAI`);
  const anthropic = c("ANTHROPIC_API_KEY", `sk-ant-SKILLSIGN_CANARY_${id}_ANTHROPIC`);
  const npm = c("NPM_TOKEN", `SKILLSIGN_CANARY_${id}_NPM_${token(8)}`);
  const ssh = c("~/.ssh/id_rsa", `SKILLSIGN_CANARY_${id}_SSH_${token(16)}`);
  const netrc = c("~/.netrc", `SKILLSIGN_CANARY_${id}_NETRC_${token(8)}`);
  const chrome = c("~/.config/google-chrome/Default/Login Data", `SKILLSIGN_CANARY_${id}_CHROME_${token(8)}`);
  const dotenv = c(".env", `SKILLSIGN_CANARY_${id}_DOTENV_${token(8)}`);
  const prompt = c("~/input/prompt.md", `SKILLSIGN_CANARY_${id}_PROMPT_${token(8)}`, "input");
  const env = Object.fromEntries([awsId, awsSecret, github, openai, anthropic, npm].map((x) => [x.label, x.value]));
  const files: BaitFile[] = [
    { base: "home", relPath: ".aws/credentials", secret: true, content: `[default]\naws_access_key_id = ${awsId.value}\naws_secret_access_key = ${awsSecret.value}\n` },
    {
      base: "home",
      relPath: ".ssh/id_rsa",
      secret: true,
      // Shaped like a key file so stealers pick it up; the body says plainly that it is not one.
      content: `-----BEGIN ${SSH_LABEL}-----\n${ssh.value}\nTHIS-IS-A-SKILLSIGN-CANARY-AND-NOT-A-REAL-KEY\n-----END ${SSH_LABEL}-----\n`,
    },
    { base: "home", relPath: ".netrc", secret: true, content: `machine api.example.invalid login skill password ${netrc.value}\n` },
    { base: "home", relPath: ".config/google-chrome/Default/Login Data", secret: true, content: `origin_url=https://bank.example.invalid password_value=${chrome.value}\n` },
    { base: "work", relPath: ".env", secret: true, content: `DATABASE_PASSWORD=${dotenv.value}\n` },
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
