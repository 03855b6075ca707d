import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { assetsDir } from "../config/assets.js";
import { UsageError, errorMessage } from "../errors.js";
import { sha256Hex } from "../snapshot/content-hash.js";
import { canonicalJson } from "../signing/permissions-hash.js";
import { STAGE_IDS } from "../stage-ids.js";

const Action = z.enum(["reject", "review", "pass"]);
const ByConfidence = z.strictObject({ high: Action, medium: Action, low: Action });

/** policy.yaml: which stages must run, and what each severity × confidence does. */
export const PolicySchema = z.strictObject({
  schemaVersion: z.literal(1),
  /** Stages that must have run (or been not applicable) for a skill to be approved. */
  required: z.array(z.enum(STAGE_IDS)),
  /**
   * Checks inside stages that must have run, as "<stage>.<check>" (e.g. "image-scan.vuln",
   * "dependencies.snyk"). Empty by default: the Trivy DB and Snyk need network access.
   */
  requiredChecks: z
    .array(z.string().regex(new RegExp(`^(${STAGE_IDS.join("|")})\\.[a-z0-9-]+$`), "expected <stage>.<check>, e.g. image-scan.vuln"))
    .default([]),
  /** Action per severity, then per confidence. */
  findings: z.strictObject({
    critical: ByConfidence,
    high: ByConfidence,
    medium: ByConfidence,
    low: ByConfidence,
    info: ByConfidence,
  }),
  /** Confidence assumed for findings that state none (fail closed: "high"). */
  defaultConfidence: z.enum(["low", "medium", "high"]).default("high"),
  /** Per-rule actions that override the matrix, e.g. behavior.canary-exfil: reject. */
  rules: z.record(z.string().min(1), Action).default({}),
  /**
   * Hypotheses a later stage settles. Until the confirming stage ran to completion (passed or
   * reported findings) a finding of these rules takes `otherwise`; once it has, `then`. Either left
   * out means the per-rule action, else the table. E.g. code that reaches the network with nothing
   * declared is an inferred permission when the behaviour stage watched the skill, and a reason for
   * review in a static-only scan; an open version range passes once the build resolved and signed it.
   */
  confirm: z
    .record(z.string().min(1), z.strictObject({ by: z.enum(STAGE_IDS), otherwise: Action.optional(), then: Action.optional() })
      .refine((c) => c.otherwise !== undefined || c.then !== undefined, "give `otherwise`, `then` or both"))
    .default({}),
  /** Rules that no waiver can silence. */
  neverWaive: z.array(z.string().min(1)).default([]),
});

export type Policy = z.infer<typeof PolicySchema>;

export function defaultPolicyPath(): string {
  return join(assetsDir(), "policy.yaml");
}

/** Loads and validates a policy file (the shipped default when no path is given). */
export function loadPolicy(path?: string): Policy {
  const file = path ?? defaultPolicyPath();
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    // readFileSync always fails with an errno code (ENOENT, EACCES, EISDIR).
    throw new UsageError("CONFIG_ERROR", `cannot read policy file ${file}: ${String((err as NodeJS.ErrnoException).code)}`, err);
  }
  return parsePolicy(text, file);
}

/** Parses policy YAML text; every problem names the file and the field. */
export function parsePolicy(text: string, source = "policy"): Policy {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 0, prettyErrors: true });
  } catch (err) {
    throw new UsageError("CONFIG_ERROR", `${source}: not valid YAML: ${firstLine(errorMessage(err))}`, err);
  }
  const parsed = PolicySchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(top level)"}: ${i.message}`);
    throw new UsageError("CONFIG_ERROR", `${source}: invalid policy: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/** sha256 of the RFC 8785 canonical JSON of the parsed policy (defaults filled in); signing records it. */
export function policyDigest(policy: Policy): string {
  return sha256Hex(Buffer.from(canonicalJson(policy), "utf8"));
}

function firstLine(s: string): string {
  return s.replace(/\n[\s\S]*$/, "");
}
