/**
 * gray-matter's frontmatter split (index.js parseMatter, v4.0.3) for the one way skillsign calls it
 * (YAML only, default "---" delimiters, no excerpts or sections), without loading gray-matter,
 * which pulls in js-yaml and esprima: that costs `skillsign verify` ~40 ms of cold start
 * (issue 11). test/signing/frontmatter-split.test.ts checks it against gray-matter itself.
 */
export function splitFrontmatter(input: string, parseYaml: (src: string) => unknown): { data: unknown; content: string } {
  const text = input.replace(/^\uFEFF/, "");
  if (text === "" || !text.startsWith("---") || text.charAt(3) === "-") return { data: {}, content: text };
  let str = text.slice(3);
  const len = str.length;
  const language = str.slice(0, str.search(/\r?\n/));
  if (language.trim()) str = str.slice(language.length);
  let closeIndex = str.indexOf("\n---");
  if (closeIndex === -1) closeIndex = len;
  const matter = str.slice(0, closeIndex);
  const block = matter.replace(/^\s*#[^\n]+/gm, "").trim();
  const data = block === "" ? {} : parseYaml(matter);
  let content = "";
  if (closeIndex !== len) {
    content = str.slice(closeIndex + 4);
    if (content[0] === "\r") content = content.slice(1);
    if (content[0] === "\n") content = content.slice(1);
  }
  return { data, content };
}
