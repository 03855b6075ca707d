import { z } from "zod";

/** The pattern database schema (STYLE.md §12: semgrep's metadata names, checked at load time and in CI). */
export const PATTERN_CATEGORIES = [
  "prompt-injection",
  "credential-access",
  "exfiltration",
  "remote-execution",
  "obfuscation",
  "archive-dropper",
  "reverse-shell",
  "persistence",
  "destructive",
  "exfil-endpoints",
  "crypto-mining",
] as const;

export const UNICODE_CLASSES = ["zero-width", "bidi", "tag"] as const;
export type UnicodeClass = (typeof UNICODE_CLASSES)[number];

const level = z.enum(["LOW", "MEDIUM", "HIGH"]);

const regexSpec = z.union([
  z.string().min(1),
  z.strictObject({
    pattern: z.string().min(1),
    // "g" is always added; "s" is refused so "." never runs across lines.
    flags: z.string().regex(/^[imu]*$/, "flags may only contain i, m and u").optional(),
  }),
]);

export const patternEntrySchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "id must be kebab-case"),
    category: z.enum(PATTERN_CATEGORIES),
    severity: z.enum(["info", "low", "medium", "high", "critical"]),
    confidence: z.enum(["low", "medium", "high"]),
    cwe: z.array(z.string().regex(/^CWE-\d+$/, "cwe entries look like CWE-94")).min(1, "security patterns need at least one CWE"),
    likelihood: level,
    impact: level,
    message: z.string().min(10),
    fix: z.string().min(10),
    references: z.array(z.string().url()).optional(),
    applies_to: z.enum(["prose", "code", "any"]).default("any"),
    /** False when the negated form is itself the attack ("do not tell the user ..."). */
    negatable: z.boolean().default(true),
    /** A download-and-run form tool vendors publish as their installer (vendor-install.ts weighs it). */
    installer: z.boolean().default(false),
    regex: z.array(regexSpec).min(1).optional(),
    /** Regexes that, when they match the same line, cancel the finding (e.g. loopback hosts). */
    unless: z.array(regexSpec).optional(),
    unicode: z.array(z.enum(UNICODE_CLASSES)).min(1).optional(),
    /** Run `regex` on the decoded form of encoded blobs instead of on the text itself. */
    decode: z.enum(["base64"]).optional(),
    examples: z.strictObject({
      match: z.array(z.string()).min(1, "every pattern needs at least one match example"),
      no_match: z.array(z.string()).min(1, "every pattern needs at least one no_match example"),
    }),
  })
  .refine((e) => e.regex !== undefined || e.unicode !== undefined, { message: "a pattern needs a regex or a unicode matcher" })
  .refine((e) => e.decode === undefined || e.regex !== undefined, { message: "decode needs regex to run on the decoded text" });

export const patternFileSchema = z.array(patternEntrySchema).min(1, "a pattern file must list at least one pattern");

export type PatternEntry = z.infer<typeof patternEntrySchema>;
export type RegexSpec = z.infer<typeof regexSpec>;
