import { splitFrontmatter } from "./frontmatter-split.js";
import { readPlainFrontmatter } from "./plain-frontmatter.js";
import { yamlLibrary } from "./yaml-lazy.js";

/** Frontmatter larger than this is refused before YAML sees it (real SKILL.md headers are < 4 KiB). */
export const MAX_FRONTMATTER_BYTES = 64 * 1024;
export const MAX_YAML_ALIASES = 50;
export const MAX_YAML_DEPTH = 20;

export type FrontmatterProblem =
  | "NO_FRONTMATTER"
  | "FRONTMATTER_NOT_CLOSED"
  | "EXECUTABLE_FRONTMATTER"
  | "FRONTMATTER_TOO_LARGE"
  | "YAML_ALIAS_LIMIT"
  | "YAML_TOO_DEEP"
  | "YAML_ERROR"
  | "NOT_A_MAP"
  | "NOT_UTF8";

export type ParsedSkillMd =
  | { ok: true; data: Record<string, unknown>; body: string; bodyStartLine: number }
  | { ok: false; problem: FrontmatterProblem; message: string; line?: number; body: string };

/**
 * Parses SKILL.md. Other readers (gray-matter) evaluate `---js` / `---javascript` frontmatter with
 * eval(), so any fence language but YAML is refused; the split itself is gray-matter's
 * (frontmatter-split.ts), and only YAML is ever parsed.
 * YAML is parsed with alias, depth and size limits so a "billion laughs" header cannot blow up.
 */
export function parseSkillMd(input: string): ParsedSkillMd {
  const text = input.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const fence = /^---([^\n]*)\n/.exec(text);
  if (!fence) {
    return { ok: false, problem: "NO_FRONTMATTER", message: "SKILL.md does not start with a YAML frontmatter block (---)", body: text };
  }
  const lang = fence[1]!.trim().toLowerCase();
  if (lang !== "" && lang !== "yaml" && lang !== "yml") {
    return {
      ok: false,
      problem: "EXECUTABLE_FRONTMATTER",
      message: `frontmatter declared as "---${fence[1]!.trim()}" is not allowed: only YAML frontmatter is accepted (gray-matter would execute ---js)`,
      line: 1,
      body: text,
    };
  }
  const close = text.indexOf("\n---", fence[0].length - 1);
  if (close < 0) {
    return { ok: false, problem: "FRONTMATTER_NOT_CLOSED", message: "the frontmatter block is never closed with ---", line: 1, body: text };
  }
  if (Buffer.byteLength(text.slice(0, close), "utf8") > MAX_FRONTMATTER_BYTES) {
    return { ok: false, problem: "FRONTMATTER_TOO_LARGE", message: `frontmatter is larger than ${MAX_FRONTMATTER_BYTES} bytes`, line: 1, body: text };
  }

  let parsed: { data: unknown; content: string };
  try {
    // gray-matter's exact split, without loading it (verify's cold start); only YAML is ever parsed.
    parsed = splitFrontmatter(text, parseYamlLimited);
  } catch (err) {
    return yamlFailure(err, text);
  }
  const data = parsed.data as unknown;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return { ok: false, problem: "NOT_A_MAP", message: "frontmatter must be a YAML map of keys (name, description, ...)", line: 2, body: parsed.content };
  }
  const bodyStartLine = text.slice(0, text.length - parsed.content.length).split("\n").length;
  return { ok: true, data: data as Record<string, unknown>, body: parsed.content, bodyStartLine };
}

class YamlLimitError extends Error {
  constructor(
    readonly problem: FrontmatterProblem,
    message: string,
  ) {
    super(message);
  }
}

function parseYamlLimited(src: string): unknown {
  // The plainest headers are read without the yaml library, to the same result (plain-frontmatter.ts).
  const plain = readPlainFrontmatter(src);
  if (plain) return plain;
  // Checked before parsing: the yaml library recurses per nesting level and overflows the stack on ~1000 "[".
  if (flowDepth(src) > MAX_YAML_DEPTH) {
    throw new YamlLimitError("YAML_TOO_DEEP", `YAML is nested deeper than ${MAX_YAML_DEPTH} levels`);
  }
  const doc = yamlLibrary().parseDocument(src, { uniqueKeys: true, merge: false, prettyErrors: true });
  if (doc.errors.length > 0) throw doc.errors[0];
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (err) {
    if (/alias/i.test(String((err as Error).message))) {
      throw new YamlLimitError("YAML_ALIAS_LIMIT", `YAML aliases expand too much (limit ${MAX_YAML_ALIASES}): possible alias bomb`);
    }
    throw err;
  }
  if (depth(value, 0) > MAX_YAML_DEPTH) {
    throw new YamlLimitError("YAML_TOO_DEEP", `YAML is nested deeper than ${MAX_YAML_DEPTH} levels`);
  }
  return value ?? {};
}

/** Deepest nesting of flow brackets outside quoted strings and comments (a cheap over-estimate of YAML depth). */
function flowDepth(src: string): number {
  let depthNow = 0;
  let max = 0;
  let quote: string | undefined;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quote) {
      if (ch === "\\" && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      else if (ch === "\n" && quote === "#") quote = undefined;
      continue;
    }
    if ((ch === '"' || ch === "'") && /[\s\[{,:]/.test(src[i - 1] ?? " ")) quote = ch;
    else if (ch === "#" && /\s/.test(src[i - 1] ?? " ")) quote = "#";
    else if (ch === "[" || ch === "{") max = Math.max(max, ++depthNow);
    else if ((ch === "]" || ch === "}") && depthNow > 0) depthNow--;
  }
  return max;
}

function depth(v: unknown, d: number): number {
  if (d > MAX_YAML_DEPTH) return d;
  if (v === null || typeof v !== "object") return d;
  let max = d;
  for (const child of Object.values(v as object)) max = Math.max(max, depth(child, d + 1));
  return max;
}

function yamlFailure(err: unknown, text: string): ParsedSkillMd {
  if (err instanceof YamlLimitError) return { ok: false, problem: err.problem, message: err.message, line: 1, body: text };
  if (err instanceof RangeError || /Maximum call stack/.test(String((err as Error)?.message))) {
    return { ok: false, problem: "YAML_TOO_DEEP", message: `YAML is nested too deeply to parse safely`, line: 1, body: text };
  }
  const e = err as { message?: string; linePos?: Array<{ line: number }> };
  const line = e.linePos?.[0]?.line;
  const first = String(e.message ?? err).split("\n")[0];
  return { ok: false, problem: "YAML_ERROR", message: `frontmatter is not valid YAML: ${first}`, line: line ? line + 1 : 1, body: text };
}
