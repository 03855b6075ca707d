import { readSnapshotText } from "../../snapshot/read.js";
import { classifyContext } from "../patterns/context.js";
import { makeDoc } from "../patterns/text.js";
import type { Snapshot } from "../../snapshot/snapshot.types.js";
import type { CodeLang } from "./manifest.types.js";

/** A piece of code to scan: a whole script, or one fenced block of SKILL.md. */
export interface CodeSource {
  file: string;
  lang: CodeLang;
  /** "file" for scripts, "skill-md-block" for fenced code in SKILL.md. */
  origin: "file" | "skill-md-block";
  lines: { line: number; text: string }[];
  /** SKILL.md blocks shown as what the skill never does, and why (same rules as the patterns stage). */
  counterExample?: string;
}

const EXTENSIONS: Record<string, CodeLang> = {
  py: "py", pyw: "py",
  js: "js", mjs: "js", cjs: "js", jsx: "js", ts: "js", mts: "js", cts: "js", tsx: "js",
  sh: "sh", bash: "sh", zsh: "sh", ksh: "sh",
};
const FENCE_LANGS: Record<string, CodeLang> = {
  ...EXTENSIONS, python: "py", python3: "py", javascript: "js", typescript: "js", node: "js",
  shell: "sh", console: "sh", terminal: "sh", shellscript: "sh", "": "sh",
};
/** Files beyond these types are not code we can read (binaries are flagged elsewhere). */
const OTHER_CODE_EXT = /\.(?:rb|pl|php|ps1|psm1|bat|cmd|lua|go|rs|java|kt|swift|c|cc|cpp|exe|dll|so|dylib|bin|jar|wasm)$/i;

const MAX_SHEBANG_FILE = 1024 * 1024;

export function langOfPath(path: string, firstLine: string): CodeLang | undefined {
  const ext = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase();
  if (ext && EXTENSIONS[ext]) return EXTENSIONS[ext];
  const shebang = /^#!\s*(?:\S*\/)?(?:env\s+(?:-\S+\s+)*)?(\S+)/.exec(firstLine)?.[1] ?? "";
  if (/^python/.test(shebang)) return "py";
  if (/^(?:node|deno|bun|tsx|ts-node)$/.test(shebang)) return "js";
  if (/^(?:ba|z|k|da)?sh$/.test(shebang)) return "sh";
  return undefined;
}

/** True for files that are programs: known code types, executables, or a shebang. */
export function isExecutableCode(path: string, executable: boolean): boolean {
  return executable || OTHER_CODE_EXT.test(path) || !!EXTENSIONS[/\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? ""];
}

export function codeSources(snap: Snapshot): CodeSource[] {
  const out: CodeSource[] = [];
  for (const f of snap.files) {
    if (f.path === snap.skillMdPath) continue;
    // Read only files that can be code: a known extension, or a shebang candidate (no extension or executable).
    const byExtension = EXTENSIONS[/\.([^./]+)$/.exec(f.path)?.[1]?.toLowerCase() ?? ""];
    if (!byExtension && !((f.executable || !/\.[^./]+$/.test(f.path)) && f.size <= MAX_SHEBANG_FILE)) continue;
    const decoded = readSnapshotText(snap, f.path);
    if (!decoded.ok) continue;
    const text = decoded.text.replace(/\r\n?/g, "\n");
    const lang = langOfPath(f.path, text.slice(0, text.indexOf("\n") >>> 0));
    if (!lang) continue;
    out.push({ file: f.path, lang, origin: "file", lines: text.split("\n").map((t, i) => ({ line: i + 1, text: t })) });
  }
  const skillMd = readSnapshotText(snap, snap.skillMdPath);
  if (skillMd.ok) out.push(...fencedBlocks(skillMd.text, snap.skillMdPath));
  return out;
}

/** Fenced code blocks (``` or ~~~) of a Markdown text, with their real line numbers. */
export function fencedBlocks(markdown: string, file: string): CodeSource[] {
  const lines = markdown.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
  const out: CodeSource[] = [];
  let open: { fence: string; lang: CodeLang | undefined; lines: CodeSource["lines"] } | undefined;
  lines.forEach((text, i) => {
    const fence = /^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)/.exec(text);
    if (!open) {
      if (fence) open = { fence: fence[1]!, lang: FENCE_LANGS[fence[2]!.toLowerCase()], lines: [] };
      return;
    }
    if (fence && fence[1]!.startsWith(open.fence) && fence[2] === "" && text.trim() === fence[1]) {
      if (open.lang) out.push({ file, lang: open.lang, origin: "skill-md-block", lines: open.lines });
      open = undefined;
      return;
    }
    open.lines.push({ line: i + 1, text });
  });
  markCounterExamples(markdown, file, out);
  return out;
}

/**
 * A block introduced by a negation ("It will never run anything like:") or under a heading such as
 * "What this skill will never do" is a counter-example, judged by the patterns stage's context
 * rules. Its uses are still reported, but low: the text says the agent must not run it.
 */
function markCounterExamples(markdown: string, file: string, blocks: CodeSource[]): void {
  if (blocks.length === 0) return;
  const doc = makeDoc(file, markdown.replace(/^\uFEFF/, ""));
  for (const b of blocks) {
    const first = b.lines[0]?.line;
    if (first === undefined) continue;
    const ctx = classifyContext(doc, first, doc.lineStarts[first - 1]!, 0, true);
    if (ctx.kind === "negated") b.counterExample = ctx.reason;
  }
}
