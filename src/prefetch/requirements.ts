import { dirname, join, normalize } from "node:path";
import { logicalLines } from "../stages/dependencies/parse/python.js";

/** What skillsign will ask pip for, and what it refused to hand to pip. */
export interface SanitisedRequirements {
  /** One requirement per line, with its --hash options; no index, find-links or include options. */
  text: string;
  /** Every requirement line carries a --hash: pip runs in hash-checking mode. */
  hashMode: boolean;
  /** Lowercased names pinned with == or ===. */
  pinnedNames: Set<string>;
  /** Lines not prefetched (URL/VCS/editable requirements, options pointing elsewhere), with why. */
  skipped: { line: string; why: string }[];
}

const SOURCE_OPTION = /^(--index-url|-i|--extra-index-url|--trusted-host|--find-links|-f|--no-index|--pre|--prefer-binary)\b/;
const URL_REQ = /^(-e\s|--editable\s|git\+|hg\+|svn\+|bzr\+|https?:|file:|\.{0,2}\/)|\s@\s/i;

/**
 * Turns a pip step's arguments (`pkg==1`, `-r requirements.txt`) into one flat requirements text.
 * Includes are read from the skill only (never outside it); the skill's own index/find-links
 * options are dropped, so prefetch talks only to the configured registry.
 */
export function sanitiseRequirements(args: readonly string[], read: (rel: string) => string | undefined): SanitisedRequirements {
  const out: SanitisedRequirements = { text: "", hashMode: true, pinnedNames: new Set(), skipped: [] };
  const lines: string[] = [];
  const seen = new Set<string>();
  const addReq = (req: string) => {
    if (URL_REQ.test(req)) {
      out.skipped.push({ line: req, why: "URL, VCS or editable requirements are not prefetched" });
      return;
    }
    if (!/--hash[=\s]/.test(req)) out.hashMode = false;
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*([^\s,;*]+)\s*(?:;|--|$)/.exec(req);
    if (m) out.pinnedNames.add(m[1]!.toLowerCase().replace(/[-_.]+/g, "-"));
    lines.push(req);
  };
  const include = (rel: string, depth: number) => {
    const path = normalize(rel);
    if (path.startsWith("..") || path.startsWith("/") || depth > 5 || seen.has(path)) {
      out.skipped.push({ line: `-r ${rel}`, why: "include outside the skill, repeated or too deep" });
      return;
    }
    seen.add(path);
    const text = read(path);
    if (text === undefined) {
      out.skipped.push({ line: `-r ${rel}`, why: "file not in the skill" });
      return;
    }
    for (const { content } of logicalLines(text)) {
      if (!content) continue;
      const inc = /^(-r|--requirement)\s*=?\s*(\S+)/.exec(content);
      if (inc) include(join(dirname(path), inc[2]!), depth + 1);
      else if (SOURCE_OPTION.test(content)) out.skipped.push({ line: content, why: "the skill's index options are ignored; prefetch uses the configured registry" });
      else if (content.startsWith("-") && !/^(-e|--editable)\s/.test(content)) continue; // -c and other global options
      else addReq(content);
    }
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-r" || a === "--requirement") include(args[++i] ?? "", 0);
    else if (a.startsWith("-r")) include(a.slice(2), 0);
    else if (!a.startsWith("-")) addReq(a);
  }
  if (lines.length === 0) out.hashMode = false;
  out.text = lines.length ? `${lines.join("\n")}\n` : "";
  return out;
}
