/**
 * A reader for the plainest frontmatter — `key: value` lines and `key:` followed by `- item`
 * lines, every key and value a plain ASCII scalar starting with a letter — that returns exactly
 * what the yaml library (YAML 1.2 core schema) returns for it, or undefined for anything else,
 * which then goes to the yaml library. Most SKILL.md headers are this plain, and verify --all
 * then neither loads yaml (~35 ms of cold start) nor spends ~0.15 ms per skill in it (issue 11).
 * Whatever could read differently (numbers, null/booleans, YAML 1.1 booleans, quotes, comments,
 * ": " or " #" inside a value, tabs, trailing spaces, non-ASCII, duplicate or __proto__ keys)
 * is refused here. test/signing/plain-frontmatter.test.ts compares it with the yaml library.
 */
export function readPlainFrontmatter(src: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let list: string[] | undefined;
  let listIndent = -1;
  for (const line of src.split("\n")) {
    if (line === "") continue;
    const item = ITEM.exec(line);
    if (item) {
      if (!list || (listIndent >= 0 && item[1]!.length !== listIndent) || !plain(item[2]!)) return undefined;
      listIndent = item[1]!.length;
      list.push(item[2]!);
      continue;
    }
    if (list && list.length === 0) return undefined;
    const pair = PAIR.exec(line);
    if (!pair) return undefined;
    const key = pair[1]!;
    if (Object.hasOwn(out, key) || key === "__proto__" || RESERVED.test(key)) return undefined;
    if (pair[2] === undefined) {
      list = [];
      listIndent = -1;
      out[key] = list;
    } else {
      if (!plain(pair[2])) return undefined;
      list = undefined;
      out[key] = pair[2];
    }
  }
  if (list && list.length === 0) return undefined;
  // An empty document is null to the yaml library, not a map.
  return Object.keys(out).length > 0 ? out : undefined;
}

const PAIR = /^([A-Za-z][A-Za-z0-9_-]*):(?: ([^\n]*))?$/;
const ITEM = /^( *)- ([^\n]*)$/;
/** Plain scalars that YAML 1.2 or YAML 1.1 reads as something other than the same string. */
const RESERVED = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** A letter first, printable ASCII after, no comment, no mapping indicator, no edge spaces. */
function plain(value: string): boolean {
  return /^[A-Za-z][\x20-\x7e]*$/.test(value) && !/[ :]$/.test(value) && !value.includes(": ") && !value.includes("#") && !RESERVED.test(value);
}
