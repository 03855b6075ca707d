import type { Confidence, Severity } from "../../findings.types.js";
import { looksRandom } from "./placeholder.js";

/**
 * One credential shape found on a single line. The `secret` group is what gets redacted and
 * checked for randomness (placeholders never count). Critical rules are credentials that work
 * on their own (the default policy rejects them); high ones need review.
 */
export interface TokenRule {
  id: string;
  title: string;
  severity: Severity;
  confidence: Confidence;
  /** Global, with a named group `secret`; `body` (optional) is the random part checked by `looksRandom`. */
  re: RegExp;
  minEntropy?: number;
  /** Literal text every match contains (checked on the lowercased line): most lines skip the regex. */
  hint: string;
}

export const LEAKED_FIX = "Remove it from the skill and rotate it now (anyone who saw the skill has it); have the skill read it from an environment variable declared in metadata.openclaw.requires.env.";

const rule = (id: string, title: string, severity: Severity, hint: string, re: RegExp, minEntropy?: number): TokenRule => ({ id: `secrets.${id}`, title, severity, confidence: "high", hint, re, minEntropy });

export const TOKEN_RULES: readonly TokenRule[] = [
  rule("aws-access-key-id", "an AWS access key id", "high", "", /(?<![A-Z0-9])(?<secret>(?:AKIA|ASIA|ABIA|ACCA)(?<body>[0-9A-Z]{16}))(?![A-Z0-9])/g, 2.8),
  rule("aws-secret-access-key", "an AWS secret access key", "critical", "secret", /aws_?secret_?access_?key["']?\s*(?:=|:|=>)\s*["']?(?<secret>(?<body>[A-Za-z0-9/+]{40}))(?![A-Za-z0-9/+])/gi, 4.0),
  rule("azure-storage-key", "an Azure storage account key", "critical", "accountkey=", /AccountKey=(?<secret>(?<body>[A-Za-z0-9+/]{86}==))/g, 4.0),
  rule("azure-sas-token", "an Azure shared access signature", "high", "sharedaccesssignature=", /SharedAccessSignature=[^\s"']*?sig=(?<secret>(?<body>[A-Za-z0-9%+/=]{30,}))/g, 3.5),
  rule("azure-client-secret", "an Azure AD client secret", "critical", "q~", /(?<![A-Za-z0-9_~.-])(?<secret>(?<body>[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}))(?![A-Za-z0-9_~.-])/g, 4.0),
  rule("github-token", "a GitHub token", "critical", "gh", /(?<![A-Za-z0-9_])(?<secret>gh[pousr]_(?<body>[A-Za-z0-9]{36,255}))(?![A-Za-z0-9_])/g),
  rule("github-token", "a GitHub fine-grained token", "critical", "github_pat_", /(?<![A-Za-z0-9_])(?<secret>github_pat_(?<body>[A-Za-z0-9_]{60,255}))(?![A-Za-z0-9_])/g),
  rule("gitlab-token", "a GitLab token", "critical", "glpat-", /(?<![A-Za-z0-9_-])(?<secret>glpat-(?<body>[A-Za-z0-9_-]{20,}))(?![A-Za-z0-9_-])/g),
  rule("slack-token", "a Slack token", "critical", "xox", /(?<![A-Za-z0-9-])(?<secret>xox[baprse]-(?<body>[0-9]{6,}-[A-Za-z0-9-]{10,}))(?![A-Za-z0-9-])/g, 3.0),
  rule("slack-webhook", "a Slack incoming-webhook URL", "critical", "hooks.slack.com", /(?<secret>https:\/\/hooks\.slack\.com\/services\/(?<body>T[A-Z0-9]{8,}\/B[A-Z0-9]{8,}\/[A-Za-z0-9]{24}))/g, 3.5),
  rule("stripe-key", "a Stripe live secret key", "critical", "_live_", /(?<![A-Za-z0-9_])(?<secret>(?:sk|rk)_live_(?<body>[A-Za-z0-9]{24,99}))(?![A-Za-z0-9_])/g),
  rule("npm-token", "an npm access token", "critical", "npm_", /(?<![A-Za-z0-9_])(?<secret>npm_(?<body>[A-Za-z0-9]{36}))(?![A-Za-z0-9_])/g),
  rule("pypi-token", "a PyPI API token", "critical", "pypi-", /(?<![A-Za-z0-9_-])(?<secret>pypi-AgEIcHlwaS5vcmc(?<body>[A-Za-z0-9_-]{50,}))/g, 4.0),
  rule("anthropic-key", "an Anthropic API key", "critical", "sk-ant-", /(?<![A-Za-z0-9_-])(?<secret>sk-ant-(?:api|admin|oat)\d\d-(?<body>[A-Za-z0-9_-]{80,}))/g, 4.0),
  rule("openai-key", "an OpenAI API key", "critical", "t3blbkfj", /(?<![A-Za-z0-9_-])(?<secret>sk-(?:proj-|svcacct-|admin-)?(?<body>[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}))(?![A-Za-z0-9_-])/g, 4.0),
  rule("openai-key", "an OpenAI project API key", "critical", "sk-", /(?<![A-Za-z0-9_-])(?<secret>sk-(?:proj|svcacct|admin)-(?<body>[A-Za-z0-9_-]{58,}))(?![A-Za-z0-9_-])/g, 4.0),
  rule("openai-key", "an OpenAI-style API key", "critical", "sk-", /(?<![A-Za-z0-9_-])(?<secret>sk-(?<body>[A-Za-z0-9]{48}))(?![A-Za-z0-9_-])/g, 4.0),
  rule("google-api-key", "a Google API key", "high", "aiza", /(?<![A-Za-z0-9_-])(?<secret>AIza(?<body>[0-9A-Za-z_-]{35}))(?![A-Za-z0-9_-])/g, 3.5),
];

const AWS_KEY_ID_HINT = /A(?:KIA|SIA|BIA|CCA)/;

/** A whole file with none of the rules' literal hints cannot match any of them. */
export function mayHoldToken(text: string): boolean {
  const lower = text.toLowerCase();
  return AWS_KEY_ID_HINT.test(text) || TOKEN_RULES.some((r) => r.hint && lower.includes(r.hint));
}

export interface TokenHit {
  rule: TokenRule;
  start: number;
  end: number;
}

/** Every credential-shaped value on one line whose random part is not a placeholder. */
export function tokenHits(line: string): TokenHit[] {
  const hits: TokenHit[] = [];
  const lower = line.toLowerCase();
  for (const r of TOKEN_RULES) {
    if (r.hint ? !lower.includes(r.hint) : !AWS_KEY_ID_HINT.test(line)) continue;
    r.re.lastIndex = 0;
    for (const m of line.matchAll(r.re)) {
      const secret = m.groups!.secret!;
      const body = m.groups!.body ?? secret;
      if (!looksRandom(body, r.minEntropy)) continue;
      const start = m.index! + m[0].lastIndexOf(secret);
      hits.push({ rule: r, start, end: start + secret.length });
    }
  }
  return hits;
}
