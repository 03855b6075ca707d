import { yamlLibrary } from "./yaml-lazy.js";

/**
 * Frontmatter constructs that YAML readers disagree on, so the permissions one reader signs are
 * not the ones another enforces: merge keys (`<<: *d`, YAML 1.1 only), YAML 1.1 booleans
 * (`yes/no/on/off/y/n`, true/false to PyYAML, strings to YAML 1.2), duplicate keys, and both
 * spellings `allowed-tools` / `allowed_tools`. Signing and verification refuse them instead of
 * picking one reading. Returns human-readable problems; empty means unambiguous.
 */
export function frontmatterAmbiguities(skillMd: string): string[] {
  const text = skillMd.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const open = /^---[^\n]*\n/.exec(text);
  if (!open) return [];
  const close = text.indexOf("\n---", open[0].length - 1);
  if (close < 0) return [];
  const src = text.slice(open[0].length, close + 1);
  // Fast path (verify --all runs this per skill): nothing that could be ambiguous appears at all.
  // Duplicate keys are refused by the frontmatter parser itself (uniqueKeys).
  if (!MAYBE_AMBIGUOUS.test(src)) return [];
  const YAML = yamlLibrary();
  const { isPair, isScalar } = YAML;
  const doc = YAML.parseDocument(src, { uniqueKeys: false, merge: false, version: "1.2" });
  const problems = new Set<string>();
  if (doc.errors.length > 0) return [];
  const line = (offset: number | undefined) => (offset === undefined ? "" : ` (line ${src.slice(0, offset).split("\n").length + 1})`);
  YAML.visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        if (seen.has(key)) problems.add(`duplicate key "${key}"${line(pair.key && isScalar(pair.key) ? pair.key.range?.[0] : undefined)}`);
        seen.add(key);
      }
      if (seen.has("allowed-tools") && seen.has("allowed_tools")) problems.add(`both "allowed-tools" and "allowed_tools" are given`);
    },
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === "<<" && pair.key.type === "PLAIN") {
        problems.add(`YAML merge key "<<"${line(pair.key.range?.[0])}`);
      }
    },
    Scalar(_, node) {
      if (node.type === "PLAIN" && typeof node.value === "string" && YAML11_BOOL.test(node.value)) {
        problems.add(`"${node.value}" is a boolean in YAML 1.1 but a string in YAML 1.2${line(node.range?.[0])}; quote it or write true/false`);
      }
    },
  });
  return [...problems];
}

/** Over-approximates every construct checked below; a miss here would skip the check, so keep it broad. */
const MAYBE_AMBIGUOUS = /<<|allowed_tools|(?:^|[:\-[,{?]|\s)[ \t]*(?:y|yes|n|no|on|off)[ \t]*(?:$|[:,\]}#])/im;
const YAML11_BOOL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
