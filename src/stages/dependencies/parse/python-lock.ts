import { isRecord } from "../../../is-record.js";
import type { ParsedManifests } from "../dependency.types.js";
import { normaliseName } from "../parsed.js";
import { readToml } from "./toml.js";

const PYPI = /^https:\/\/pypi\.org\/simple\/?$/;

/**
 * uv.lock and poetry.lock: one [[package]] table per installed distribution, each an exact version.
 * Registry entries become `==version`; git and URL sources keep their URL so the source checks see
 * them; path, directory, editable and virtual entries (the project itself, local folders) are left out.
 */
export function parsePythonLock(file: string, text: string, into: ParsedManifests): void {
  const doc = readToml(file, text, into);
  if (!doc) return;
  const packages = Array.isArray(doc.package) ? doc.package : [];
  for (const p of packages) {
    if (!isRecord(p) || typeof p.name !== "string" || !p.name) continue;
    const spec = lockedSpec(p);
    if (spec === undefined) continue;
    into.dependencies.push({ ecosystem: "pypi", name: normaliseName("pypi", p.name), spec, file, section: "lockfile" });
  }
}

/** What the lock installs for one package, or undefined for the project's own / local folders. */
function lockedSpec(p: Record<string, unknown>): string | undefined {
  const version = typeof p.version === "string" ? `==${p.version}` : "";
  const source = isRecord(p.source) ? p.source : undefined;
  if (!source) return version;
  // uv: source = { registry = "…" } | { git = "…" } | { url = "…" } | { path | directory | editable | virtual = "…" }
  // A registry other than PyPI serves what it likes under familiar names: its URL is what installs.
  if (typeof source.registry === "string") return PYPI.test(source.registry) ? version : source.registry;
  if (typeof source.git === "string") return source.git.startsWith("git+") ? source.git : `git+${source.git}`;
  if (typeof source.url === "string" && typeof source.type !== "string") return source.url;
  // poetry: [package.source] type = "git" | "url" | "file" | "directory" | "legacy", url = "…"
  if (source.type === "git" && typeof source.url === "string") return `git+${source.url}`;
  if (source.type === "url" && typeof source.url === "string") return source.url;
  if (source.type === "legacy" && typeof source.url === "string") return PYPI.test(source.url) ? version : source.url;
  return undefined;
}
