import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { assetsDir } from "../config/assets.js";

export interface RuleText {
  short: string;
  full: string;
  help?: string;
}

/** Stage rules that live in code: one line each, what the rule looks for (not what one finding saw). */
const BUILT_IN: Record<string, string> = {
  "secrets.private-key": "A private key (PEM or PGP block with key material) is shipped in the skill.",
  "secrets.gcp-service-account": "A Google Cloud service-account key file is shipped in the skill.",
  "secrets.aws-secret-access-key": "An AWS secret access key is shipped in the skill.",
  "secrets.aws-access-key-id": "An AWS access key id is shipped in the skill.",
  "secrets.azure-storage-key": "An Azure storage account key is shipped in the skill.",
  "secrets.azure-sas-token": "An Azure shared access signature is shipped in the skill.",
  "secrets.azure-client-secret": "An Azure AD client secret is shipped in the skill.",
  "secrets.github-token": "A GitHub token is shipped in the skill.",
  "secrets.gitlab-token": "A GitLab token is shipped in the skill.",
  "secrets.slack-token": "A Slack token is shipped in the skill.",
  "secrets.slack-webhook": "A Slack incoming-webhook URL is shipped in the skill.",
  "secrets.stripe-key": "A Stripe live secret key is shipped in the skill.",
  "secrets.npm-token": "An npm access token is shipped in the skill.",
  "secrets.pypi-token": "A PyPI API token is shipped in the skill.",
  "secrets.openai-key": "An OpenAI API key is shipped in the skill.",
  "secrets.anthropic-key": "An Anthropic API key is shipped in the skill.",
  "secrets.google-api-key": "A Google API key is shipped in the skill.",
  "secrets.env-file": "A .env file in the skill holds a secret-looking value.",
  "secrets.credential-file": "A credential store file (.npmrc, .pypirc, .netrc, .git-credentials) holds a password or token.",
  "manifest.inferred-network": "Code reaches the network although the skill declares no network access.",
  "manifest.undeclared-network": "Code reaches a host that is not among the skill's declared hosts.",
  "manifest.inferred-exec": "Code runs programs although the skill declares none.",
  "manifest.inferred-write": "Code writes outside the skill folder although the skill declares no paths.",
  "manifest.undeclared-write": "Code writes to a path the skill does not declare.",
  "manifest.undeclared-env": "Code reads an environment variable or credential store the skill does not declare.",
  "manifest.dangerous-combination": "The skill can both download and run code.",
  "manifest.lookalike-host": "Code reaches a host spelt with look-alike letters from another script (a homoglyph of a familiar name).",
  "behavior.canary-exfil": "A canary credential left the sandbox: the skill sends secrets out.",
  "behavior.canary-read": "The skill read a canary credential in the sandbox.",
  "behavior.downloaded-code-executed": "The skill downloaded code and ran it in the sandbox.",
  "behavior.installer-executed": "An installer shown in SKILL.md ran served code in the sandbox.",
};

/** Rule ids stages build in code without a catalogue text (their text comes from the id). */
const CODE_RULES = [
  ...["allowed-tools-invalid", "compatibility-invalid", "compatibility-too-long", "description-invalid", "description-missing", "description-too-long", "executable-frontmatter", "frontmatter-not-a-map", "frontmatter-too-large", "inferred-env", "install-downloads-code", "invalid-yaml", "metadata-invalid", "name-invalid", "name-mismatch", "name-missing", "no-frontmatter", "not-utf8", "unclosed-frontmatter", "unrestricted-tool", "yaml-bomb", "yaml-too-deep"].map((r) => `manifest.${r}`),
  ...["detached-process", "monitor-evasion", "network-attempt", "persistence", "resource-limit", "undeclared-exec", "write-outside-workdir"].map((r) => `behavior.${r}`),
  ...["aliased-package", "file-dependency", "git-dependency", "install-script", "known-malicious", "manifest-unreadable", "typosquat", "unpinned-version", "url-dependency"].map((r) => `dependencies.${r}`),
  ...["dependencies-too-large", "dependency-hash-mismatch", "dependency-install-script", "failed", "foreign-base-image", "requires-network", "sdist-dependency", "step-timeout", "timeout", "unpinned-dependencies", "unresolved-dependency", "unsupported-install-step"].map((r) => `build.${r}`),
  ...["archive", "encrypted-archive", "skill-md-case"].map((r) => `snapshot.${r}`),
  "semgrep.analysis-incomplete",
  "patterns.undecodable-file",
];

/**
 * A rule id some stage can report: catalogued, built in code, or one of Trivy's own ids
 * (`image-scan.<kind>.<trivy id>`, open-ended). `review waive` refuses anything else as a typo.
 */
export function isKnownRule(id: string): boolean {
  return ruleCatalog().has(id) || CODE_RULES.includes(id) || /^image-scan\.(?:secret|misconfig|vuln)\.[^\s]+$/.test(id);
}

let cached: Map<string, RuleText> | undefined;

/** Rule texts from the pattern database, the Semgrep rules and the built-in table (read once). */
export function ruleCatalog(): Map<string, RuleText> {
  if (cached) return cached;
  const out = new Map<string, RuleText>();
  for (const [id, text] of Object.entries(BUILT_IN)) out.set(id, { short: text, full: text });
  const root = safe(() => assetsDir());
  if (root) {
    for (const file of yamlFiles(join(root, "patterns"))) {
      for (const p of asArray(safe(() => parseYaml(readFileSync(file, "utf8"))))) {
        if (typeof p?.id === "string" && typeof p.message === "string") out.set(`patterns.${p.id}`, { short: firstSentence(p.message), full: p.message, ...(typeof p.fix === "string" ? { help: p.fix } : {}) });
      }
    }
    for (const file of yamlFiles(join(root, "rules/semgrep"))) {
      for (const r of asArray(safe(() => parseYaml(readFileSync(file, "utf8")))?.rules)) {
        if (typeof r?.id === "string" && typeof r.message === "string") {
          const message = r.message.replace(/\s+/g, " ").trim();
          out.set(`semgrep.${r.id}`, { short: firstSentence(message), full: message });
        }
      }
    }
  }
  return (cached = out);
}

/** The rule's own text, else one made from its id ("manifest.undeclared-env" → "manifest: undeclared env"). */
export function ruleText(id: string): RuleText {
  const known = ruleCatalog().get(id);
  if (known) return known;
  const [stage, ...rest] = id.split(".");
  const words = rest.join(".").replace(/[-_.]+/g, " ").trim();
  const text = words ? `${stage}: ${words}` : id;
  return { short: text, full: text };
}

export function firstSentence(s: string): string {
  const m = /^(.{1,200}?[.!?])(\s|$)/.exec(s);
  return m ? m[1]! : s.slice(0, 200);
}

function yamlFiles(dir: string): string[] {
  const entries = safe(() => readdirSync(dir, { withFileTypes: true, recursive: true })) ?? [];
  return entries.filter((e) => e.isFile() && /\.ya?ml$/.test(e.name) && !/\.test\.ya?ml$/.test(e.name)).map((e) => join(e.parentPath, e.name)).sort();
}

function asArray(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
