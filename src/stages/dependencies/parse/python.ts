import { type Dependency, type ParsedManifests } from "../dependency.types.js";
import { lineOf, normaliseName } from "../parsed.js";
import { readToml } from "./toml.js";

/** pip options that change where packages come from. */
const SOURCE_OPTIONS = /^(--index-url|-i|--extra-index-url|--trusted-host|--find-links|-f)(?:\s*=\s*|\s+)(\S+)/;

/** pip's per-requirement options ("pkg==1.0 --hash=sha256:…"): not part of the version spec. */
const PER_REQUIREMENT_OPTION = /\s+(--hash|--global-option|--config-settings|--install-option|-C)(?:\s*=\s*|\s+)(\S+)/g;

/**
 * requirements*.txt: one PEP 508 requirement, URL or pip option per logical line. A line ending in
 * a backslash continues on the next (pip-compile --generate-hashes puts each --hash on its own line).
 */
export function parseRequirements(file: string, text: string, into: ParsedManifests): void {
  for (const { line, content } of logicalLines(text)) {
    if (!content) continue;
    const source = SOURCE_OPTIONS.exec(content);
    if (source) {
      into.sourceOptions.push({ file, line, option: source[1]!, value: source[2]! });
      continue;
    }
    const editable = /^(-e|--editable)\s+(\S+)/.exec(content);
    if (editable) {
      into.dependencies.push(urlDependency(editable[2]!, file, line, "requirements"));
      continue;
    }
    if (content.startsWith("-")) continue; // -r/-c includes and other options
    const hashes: string[] = [];
    const requirement = ` ${content}`.replace(PER_REQUIREMENT_OPTION, (_m, opt: string, value: string) => {
      if (opt === "--hash") hashes.push(value);
      return "";
    });
    const dep = parseRequirement(requirement, file, line, "requirements");
    if (dep && hashes.length) dep.hashes = hashes;
    if (dep) into.dependencies.push(dep);
  }
}

/** Joins backslash continuations and drops comments; `line` is where the logical line starts. */
export function logicalLines(text: string): { line: number; content: string }[] {
  const out: { line: number; content: string }[] = [];
  let start = 0;
  let acc = "";
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!acc) start = i + 1;
    const noComment = raw.replace(/(^|\s)#.*$/, "");
    if (/\\\s*$/.test(noComment)) {
      acc += `${noComment.replace(/\\\s*$/, "")} `;
      return;
    }
    out.push({ line: start, content: `${acc}${noComment}`.replace(/\s+/g, " ").trim() });
    acc = "";
  });
  if (acc) out.push({ line: start, content: acc.replace(/\s+/g, " ").trim() });
  return out;
}

/** pyproject.toml: [project] dependencies, optional-dependencies, build requires, and Poetry tables. */
export function parsePyproject(file: string, text: string, into: ParsedManifests): void {
  const doc = readToml(file, text, into);
  if (!doc) return;
  const project = table(doc.project);
  const fromList = (list: unknown, section: string) => {
    if (!Array.isArray(list)) return;
    for (const req of list) {
      if (typeof req !== "string") continue;
      const dep = parseRequirement(req, file, lineOf(text, req), section);
      if (dep) into.dependencies.push(dep);
    }
  };
  fromList(project.dependencies, "project.dependencies");
  for (const [group, list] of Object.entries(table(project["optional-dependencies"]))) fromList(list, `project.optional-dependencies.${group}`);
  fromList(table(doc["build-system"]).requires, "build-system.requires");

  const poetry = table(table(doc.tool).poetry);
  const poetryTables: [string, unknown][] = [["tool.poetry.dependencies", poetry.dependencies], ["tool.poetry.dev-dependencies", poetry["dev-dependencies"]]];
  for (const [name, group] of Object.entries(table(poetry.group))) poetryTables.push([`tool.poetry.group.${name}.dependencies`, table(group).dependencies]);
  for (const [section, deps] of poetryTables) {
    for (const [rawName, value] of Object.entries(table(deps))) {
      if (rawName.toLowerCase() === "python") continue;
      into.dependencies.push({ ecosystem: "pypi", name: normaliseName("pypi", rawName), spec: poetrySpec(value), file, line: lineOf(text, rawName), section });
    }
  }
}

/** "name[extra] >=1,<2 ; marker" or "name @ url" → Dependency. */
export function parseRequirement(req: string, file: string, line: number | undefined, section: string): Dependency | undefined {
  const text = req.trim();
  if (/^(git\+|hg\+|svn\+|bzr\+|https?:|file:|\.{0,2}\/)/i.test(text)) return urlDependency(text, file, line, section);
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$/.exec(text);
  if (!m) return undefined;
  let spec = (m[3] ?? "").split(";")[0]!.trim();
  if (spec.startsWith("@")) spec = spec.slice(1).trim(); // PEP 508 direct reference: name @ url
  spec = spec.replace(/^\((.*)\)$/, "$1").trim();
  return { ecosystem: "pypi", name: normaliseName("pypi", m[1]!), spec, file, line, section };
}

function urlDependency(url: string, file: string, line: number | undefined, section: string): Dependency {
  const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(url)?.[1];
  const fromPath = /([A-Za-z0-9._-]+?)(?:\.git)?(?:@[^/#]*)?(?:#.*)?$/.exec(url)?.[1] ?? url;
  return { ecosystem: "pypi", name: normaliseName("pypi", egg ?? fromPath), spec: url, file, line, section };
}

/** Poetry: "^1.2" | { version = "^1.2" } | { git = "..." } | { url = "..." } | { path = "..." }. */
function poetrySpec(value: unknown): string {
  if (typeof value === "string") return value.trim();
  const t = table(value);
  if (typeof t.git === "string") return t.git.startsWith("git") ? t.git : `git+${t.git}`;
  if (typeof t.url === "string") return t.url;
  if (typeof t.path === "string") return `file:${t.path}`;
  return typeof t.version === "string" ? t.version.trim() : "";
}

function table(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
