import { readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import YAML from "yaml";
import type { z } from "zod";
import { PatternDbError } from "./error.js";
import { requiredLiterals, type Requirement } from "./literals.js";
import { TrigramSet } from "./trigrams.js";
import { patternEntrySchema, type PatternEntry, type RegexSpec, type UnicodeClass } from "./schema.js";

export interface CompiledPattern {
  entry: PatternEntry;
  /** The YAML file the pattern came from, e.g. "remote-execution.yaml". */
  file: string;
  regexes: RegExp[];
  /** Per regex, the literals a document must contain for it to match (literals.ts); [] = always run it. */
  requirements: Requirement[];
  unless: RegExp[];
  unicode: UnicodeClass[];
}

export interface PatternDb {
  dir: string;
  patterns: readonly CompiledPattern[];
  byId: ReadonlyMap<string, CompiledPattern>;
}

// Regexes are compiled once per process: the database is cached by its resolved folder.
const cache = new Map<string, PatternDb>();

export function loadPatternDb(dir: string): PatternDb {
  const key = resolve(dir);
  let db = cache.get(key);
  if (!db) {
    db = readPatternDb(key);
    cache.set(key, db);
  }
  return db;
}

/** Reads and validates every `*.yaml` in `dir`, uncached (the CI lint and tests call this). */
export function readPatternDb(dir: string): PatternDb {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".yaml") || n.endsWith(".yml")).sort();
  } catch (err) {
    throw new PatternDbError("PATTERN_DB_MISSING", `cannot read the pattern database folder ${dir}`, err);
  }
  if (names.length === 0) throw new PatternDbError("PATTERN_DB_MISSING", `no *.yaml pattern files in ${dir}`);
  const patterns: CompiledPattern[] = [];
  const byId = new Map<string, CompiledPattern>();
  for (const name of names) {
    for (const p of parsePatternFile(name, readFileSync(join(dir, name), "utf8"))) {
      const seen = byId.get(p.entry.id);
      if (seen) {
        throw new PatternDbError("PATTERN_DB_DUPLICATE_ID", `${name}: pattern id "${p.entry.id}" is already defined in ${seen.file}`);
      }
      byId.set(p.entry.id, p);
      patterns.push(p);
    }
  }
  return { dir, patterns, byId };
}

/** Validates one pattern file; every error names the file and the pattern id. */
export function parsePatternFile(fileName: string, text: string): CompiledPattern[] {
  let raw: unknown;
  try {
    raw = YAML.parse(text, { maxAliasCount: 0 });
  } catch (err) {
    throw new PatternDbError("PATTERN_DB_INVALID", `${fileName}: not valid YAML: ${(err as Error).message}`, err);
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new PatternDbError("PATTERN_DB_INVALID", `${fileName}: must be a non-empty YAML list of patterns`);
  }
  const category = basename(fileName).replace(/\.ya?ml$/, "");
  const out: CompiledPattern[] = [];
  const ids = new Set<string>();
  raw.forEach((item: unknown, index) => {
    const label = describeEntry(fileName, item, index);
    const parsed = patternEntrySchema.safeParse(item);
    if (!parsed.success) throw new PatternDbError("PATTERN_DB_INVALID", `${label}: ${formatIssues(parsed.error)}`);
    const entry = parsed.data;
    if (entry.category !== category) {
      throw new PatternDbError("PATTERN_DB_INVALID", `${label}: category "${entry.category}" does not match its file (${category})`);
    }
    if (ids.has(entry.id)) throw new PatternDbError("PATTERN_DB_DUPLICATE_ID", `${label}: duplicate id in the same file`);
    ids.add(entry.id);
    const regexes = (entry.regex ?? []).map((r) => compile(label, r));
    const examples = [...entry.examples.match, ...entry.examples.no_match].map((text) => ({ text, trigrams: new TrigramSet(text) }));
    out.push({
      entry,
      file: fileName,
      regexes,
      requirements: regexes.map((re) => checkedRequirement(re, examples)),
      unless: (entry.unless ?? []).map((r) => compile(label, r)),
      unicode: entry.unicode ?? [],
    });
  });
  return out;
}

/**
 * A requirement that rejects one of the pattern's own examples the regex matches would be a
 * prefilter bug: then the regex runs on every document, as it did before prefilters existed.
 */
function checkedRequirement(re: RegExp, examples: readonly { text: string; trigrams: TrigramSet }[]): Requirement {
  const req = requiredLiterals(re);
  if (req.length === 0) return req;
  for (const { text, trigrams } of examples) {
    re.lastIndex = 0;
    if (re.test(text) && !trigrams.satisfies(req)) return [];
  }
  return req;
}

function compile(label: string, spec: RegexSpec): RegExp {
  const { pattern, flags } = typeof spec === "string" ? { pattern: spec, flags: "" } : spec;
  try {
    return new RegExp(pattern, `g${flags ?? ""}`);
  } catch (err) {
    throw new PatternDbError("PATTERN_REGEX_INVALID", `${label}: invalid regex /${pattern}/: ${(err as Error).message}`, err);
  }
}

function describeEntry(fileName: string, item: unknown, index: number): string {
  const id = item && typeof item === "object" && "id" in item ? String((item as { id: unknown }).id) : undefined;
  return id ? `${fileName}: pattern "${id}"` : `${fileName}: pattern #${index + 1} (no id)`;
}

function formatIssues(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.length ? i.path.join(".") + ": " : ""}${i.message}`).join("; ");
}
