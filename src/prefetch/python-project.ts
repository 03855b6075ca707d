import { parse } from "smol-toml";
import { PrefetchError } from "./error.js";
import type { SanitisedRequirements } from "./requirements.js";

/** Which Python project files a step prefetches (paths inside the skill). */
export interface PythonProjectFiles {
  pyproject?: string;
  uvLock?: string;
  poetryLock?: string;
}

/** Requirements from a project, plus whether they are a complete lock (installed with --no-deps). */
export interface ProjectRequirements extends SanitisedRequirements {
  /** From uv.lock / poetry.lock: every package listed with exact version and hashes. */
  locked: boolean;
  /** The file the requirements came from, for labels and findings. */
  source: string;
}

type Table = Record<string, unknown>;
const norm = (n: string) => n.toLowerCase().replace(/[-_.]+/g, "-");

/**
 * Turns pyproject.toml / uv.lock / poetry.lock into pip requirement lines. A lock wins (exact
 * versions and its sha256 per file become --hash options, so pip refuses other bytes); without
 * one, the declared ranges are resolved once by pip at prefetch. The skill's build backend is never
 * run: only the TOML is read.
 */
export function projectRequirements(files: PythonProjectFiles, read: (rel: string) => string | undefined): ProjectRequirements {
  if (files.uvLock) return fromLock(files.uvLock, read, "uv");
  if (files.poetryLock) return fromLock(files.poetryLock, read, "poetry");
  if (files.pyproject) return fromPyproject(files.pyproject, read);
  throw new PrefetchError("PREFETCH_REFUSED", "no Python project file to prefetch");
}

function toml(rel: string, read: (rel: string) => string | undefined): Table {
  const text = read(rel);
  if (text === undefined) throw new PrefetchError("PREFETCH_REFUSED", `${rel} is not in the skill`);
  try {
    return parse(text) as Table;
  } catch (err) {
    throw new PrefetchError("PREFETCH_REFUSED", `${rel} is not valid TOML`, String((err as Error).message).slice(0, 300), err);
  }
}

function empty(source: string, locked: boolean): ProjectRequirements {
  return { text: "", hashMode: locked, pinnedNames: new Set(), skipped: [], locked, source };
}

function fromLock(rel: string, read: (rel: string) => string | undefined, flavour: "uv" | "poetry"): ProjectRequirements {
  const doc = toml(rel, read);
  const out = empty(rel, true);
  const pkgs = (Array.isArray(doc.package) ? doc.package : []) as Table[];
  const markers = edgeMarkers(pkgs, flavour);
  const lines: string[] = [];
  for (const p of pkgs) {
    const name = String(p.name ?? "");
    const version = String(p.version ?? "");
    const source = (p.source ?? {}) as Table;
    // uv: the project itself (editable/virtual/directory) and git/url/path sources are not registry files.
    if (flavour === "uv" && !("registry" in source)) {
      if ("git" in source || "url" in source || "path" in source) out.skipped.push({ line: `${name} (${rel})`, why: "git, URL or path sources are not prefetched" });
      continue;
    }
    if (flavour === "poetry" && typeof source.type === "string" && source.type !== "legacy") {
      out.skipped.push({ line: `${name} (${rel})`, why: `${source.type} sources are not prefetched` });
      continue;
    }
    const hashes = lockHashes(p, doc, flavour);
    if (!name || !version || hashes.length === 0) {
      out.skipped.push({ line: `${name || "?"} (${rel})`, why: "the lock entry has no version or no sha256" });
      continue;
    }
    const marker = markers.get(norm(name));
    lines.push(`${name}==${version}${marker ? ` ; ${marker}` : ""} ${hashes.map((h) => `--hash=sha256:${h}`).join(" ")}`);
    out.pinnedNames.add(norm(name));
  }
  out.text = lines.length ? `${lines.join("\n")}\n` : "";
  out.hashMode = lines.length > 0;
  return out;
}

/** sha256 hex of every file the lock lists for a package (wheels and sdist). */
function lockHashes(p: Table, doc: Table, flavour: "uv" | "poetry"): string[] {
  const raw: unknown[] = [];
  if (flavour === "uv") {
    raw.push(...((Array.isArray(p.wheels) ? p.wheels : []) as Table[]).map((w) => w.hash));
    if (p.sdist && typeof p.sdist === "object") raw.push((p.sdist as Table).hash);
  } else {
    raw.push(...((Array.isArray(p.files) ? p.files : []) as Table[]).map((f) => f.hash));
    // poetry.lock format 1.x kept the files under [metadata.files].
    const legacy = ((doc.metadata as Table | undefined)?.files as Table | undefined)?.[String(p.name)];
    if (Array.isArray(legacy)) raw.push(...(legacy as Table[]).map((f) => f.hash));
  }
  return [...new Set(raw.filter((h): h is string => typeof h === "string" && /^sha256:[0-9a-f]{64}$/.test(h)).map((h) => h.slice(7)))];
}

/**
 * A lock lists packages for every platform; an edge's marker says when one is needed. A package
 * only ever reached through marked edges gets those markers, so pip skips (say) Windows-only ones.
 */
function edgeMarkers(pkgs: readonly Table[], flavour: "uv" | "poetry"): Map<string, string> {
  const seen = new Map<string, (string | undefined)[]>();
  const add = (name: string, marker: unknown) => {
    const list = seen.get(norm(name)) ?? [];
    list.push(typeof marker === "string" && marker.trim() ? marker.trim() : undefined);
    seen.set(norm(name), list);
  };
  for (const p of pkgs) {
    if (flavour === "uv") {
      for (const d of (Array.isArray(p.dependencies) ? p.dependencies : []) as Table[]) if (typeof d.name === "string") add(d.name, d.marker);
    } else {
      for (const [name, spec] of Object.entries((p.dependencies ?? {}) as Table)) add(name, typeof spec === "object" && spec && !Array.isArray(spec) ? (spec as Table).markers : undefined);
    }
  }
  const out = new Map<string, string>();
  for (const [name, list] of seen) {
    if (list.length && list.every((m) => m !== undefined)) out.set(name, [...new Set(list)].map((m) => `(${m})`).join(" or "));
  }
  return out;
}

function fromPyproject(rel: string, read: (rel: string) => string | undefined): ProjectRequirements {
  const doc = toml(rel, read);
  const out = empty(rel, false);
  out.hashMode = false;
  const lines: string[] = [];
  const project = (doc.project ?? {}) as Table;
  for (const d of Array.isArray(project.dependencies) ? project.dependencies : []) {
    if (typeof d !== "string") continue;
    if (/\s@\s|^(git\+|https?:|file:)/.test(d)) out.skipped.push({ line: d, why: "URL or VCS requirements are not prefetched" });
    else lines.push(d.trim());
  }
  const poetry = (((doc.tool ?? {}) as Table).poetry ?? {}) as Table;
  for (const [name, spec] of Object.entries((poetry.dependencies ?? {}) as Table)) {
    if (name.toLowerCase() === "python") continue;
    const line = poetryLine(name, spec);
    if (line.ok) lines.push(line.text);
    else out.skipped.push({ line: name, why: line.why });
  }
  for (const l of lines) {
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*[^\s,;*]+\s*(?:;|$)/.exec(l);
    if (m) out.pinnedNames.add(norm(m[1]!));
  }
  out.text = lines.length ? `${lines.join("\n")}\n` : "";
  return out;
}

/** A [tool.poetry.dependencies] entry as a PEP 508 line (poetry's ^ and ~ become ranges). */
function poetryLine(name: string, spec: unknown): { ok: true; text: string } | { ok: false; why: string } {
  const t = typeof spec === "string" ? { version: spec } : ((spec ?? {}) as Table);
  if ("git" in t || "path" in t || "url" in t) return { ok: false, why: "git, path or URL dependencies are not prefetched" };
  if (t.optional === true) return { ok: false, why: "optional dependency (an extra) is not installed" };
  const extras = Array.isArray(t.extras) && t.extras.length ? `[${t.extras.join(",")}]` : "";
  const range = poetryRange(String(t.version ?? "*"));
  const marker = typeof t.markers === "string" ? ` ; ${t.markers}` : "";
  return { ok: true, text: `${name}${extras}${range}${marker}` };
}

export function poetryRange(v: string): string {
  const s = v.trim();
  if (s === "*" || s === "") return "";
  const caret = /^\^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(s);
  if (caret) {
    const [maj, min, pat] = [Number(caret[1]), Number(caret[2] ?? 0), Number(caret[3] ?? 0)];
    const upper = maj > 0 ? `${maj + 1}` : min > 0 || caret[2] === undefined ? `0.${min + 1}` : `0.0.${pat + 1}`;
    return `>=${s.slice(1)},<${upper}`;
  }
  const tilde = /^~(\d+)(?:\.(\d+))?/.exec(s);
  if (tilde) return tilde[2] === undefined ? `>=${s.slice(1)},<${Number(tilde[1]) + 1}` : `>=${s.slice(1)},<${tilde[1]}.${Number(tilde[2]) + 1}`;
  if (/^\d/.test(s)) return `==${s}`;
  return s;
}
