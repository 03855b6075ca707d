// The plain-frontmatter reader must return exactly what the yaml library returns (YAML 1.2 core,
// the options frontmatter.ts uses), or nothing: compared on random near-plain headers and on every
// SKILL.md in the repository's fixtures and corpus.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { readPlainFrontmatter } from "../../src/skill/plain-frontmatter.js";
import { parseSkillMd } from "../../src/skill/frontmatter.js";

const REPO = resolve(import.meta.dirname, "..", "..");

function yamlReading(src: string): unknown {
  const doc = YAML.parseDocument(src, { uniqueKeys: true, merge: false, prettyErrors: true });
  return doc.errors.length ? new Error("yaml error") : doc.toJS({ maxAliasCount: 50 });
}

/** A deterministic generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ["name", "description", "allowed-tools", "allowed_tools", "version", "Key", "a", "yes", "No", "null", "true", "__proto__", "constructor", "x1", "on"];
const PIECES = ["a", "Bash", "Read", "x", "Z", " ", "  ", ":", ": ", "#", " #", "-", "- ", "*", "&", "!", "|", ">", "%", "@", "`", "'", '"', "[", "]", "{", "}", ",", "?", "(", ")", ".", "0", "1", "e3", "\t", "é", "\\", "yes", "null", "true", "~", "=", "/", "<<"];

function randomHeader(next: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const value = () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick(PIECES)).join("");
  const lines = [""];
  const n = 1 + Math.floor(next() * 5);
  for (let i = 0; i < n; i++) {
    const r = next();
    if (r < 0.55) lines.push(`${pick(KEYS)}: ${next() < 0.5 ? pick(["Read", "Some text", "Bash(git status:*)", "A b. C"]) : ""}${value()}`);
    else if (r < 0.8) {
      lines.push(`${pick(KEYS)}:`);
      const indent = pick(["", " ", "  ", "    "]);
      for (let j = Math.floor(next() * 4); j > 0; j--) lines.push(`${next() < 0.9 ? indent : pick(["", "  ", "   "])}- ${next() < 0.5 ? "Read " : ""}${value()}`);
    } else lines.push(pick(["", "  ", "# comment", "  continued", "...", "---", "key:value", `${pick(KEYS)}:  two spaces`]));
  }
  return lines.join("\n");
}

function skillMdFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (st?.isDirectory() && name !== "node_modules") skillMdFiles(p, out);
    else if (name === "SKILL.md") out.push(p);
  }
  return out;
}

describe("readPlainFrontmatter", () => {
  it("agrees with the yaml library on 30,000 random near-plain headers, or declines", () => {
    const next = rng(11);
    let accepted = 0;
    for (let i = 0; i < 30_000; i++) {
      const src = randomHeader(next);
      const fast = readPlainFrontmatter(src);
      if (fast === undefined) continue;
      accepted++;
      expect(fast, JSON.stringify(src)).toEqual(yamlReading(src));
      expect(Object.getPrototypeOf(fast)).toBe(Object.prototype);
    }
    // The generator must exercise the accepting path too, not only refusals.
    expect(accepted).toBeGreaterThan(500);
  });

  it("agrees with the yaml library on every SKILL.md in the fixtures and corpus", () => {
    const files = [...skillMdFiles(join(REPO, "test/fixtures")), ...skillMdFiles(join(REPO, "bench/corpus"))];
    expect(files.length).toBeGreaterThan(100);
    let accepted = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8").replace(/\r\n?/g, "\n");
      const m = /^---[^\n]*(\n[\s\S]*?)\n---/.exec(text);
      if (!m) continue;
      const fast = readPlainFrontmatter(m[1]!);
      if (fast === undefined) continue;
      accepted++;
      expect(fast, file).toEqual(yamlReading(m[1]!));
    }
    expect(accepted).toBeGreaterThan(0);
  });

  it("declines what another reader could read differently", () => {
    for (const src of [
      "\nname: x\nname: y",
      "\nnetwork: yes",
      "\nnetwork: true",
      "\nversion: 1.0",
      "\n__proto__: x",
      "\nname: a # comment",
      "\nname: a: b",
      "\nname: 'quoted'",
      "\nname: caf\u00e9",
      "\nname: trailing ",
      "\nallowed-tools:",
      "\nallowed-tools:\n  - Read\n    - Write",
      "\nname: x\n  - Read",
      "\n<<: *d",
      "\nname: x\n  more",
    ]) {
      expect(readPlainFrontmatter(src), JSON.stringify(src)).toBeUndefined();
    }
  });

  it("is what parseSkillMd returns for a plain header", () => {
    const md = "---\nname: plain\ndescription: A plain skill.\nallowed-tools:\n  - Read\n  - Bash(git status:*)\n---\n# body\n";
    const parsed = parseSkillMd(md);
    expect(parsed).toMatchObject({ ok: true, data: { name: "plain", description: "A plain skill.", "allowed-tools": ["Read", "Bash(git status:*)"] } });
    expect(readPlainFrontmatter("\nname: plain\ndescription: A plain skill.\nallowed-tools:\n  - Read\n  - Bash(git status:*)")).toEqual((parsed as { data: unknown }).data);
  });
});
