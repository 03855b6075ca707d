import type { Snapshot } from "../../snapshot/snapshot.types.js";

export type ManifestKind = "package.json" | "package-lock.json" | "requirements.txt" | "pyproject.toml" | "python-lock";

export interface ManifestFile {
  path: string;
  kind: ManifestKind;
}

/**
 * Dependency manifests anywhere in the skill. Files inside a bundled node_modules/ are left
 * out: they describe already-installed code, and a lockfile beside them lists the same names.
 */
export function findManifests(snap: Snapshot): ManifestFile[] {
  const out: ManifestFile[] = [];
  for (const f of snap.files) {
    if (f.path.split("/").includes("node_modules")) continue;
    const kind = kindOf(f.path.slice(f.path.lastIndexOf("/") + 1));
    if (kind) out.push({ path: f.path, kind });
  }
  return out;
}

function kindOf(base: string): ManifestKind | undefined {
  if (base === "package.json") return "package.json";
  if (base === "package-lock.json" || base === "npm-shrinkwrap.json") return "package-lock.json";
  if (base === "pyproject.toml") return "pyproject.toml";
  if (base === "uv.lock" || base === "poetry.lock") return "python-lock";
  if (/^requirements[\w.-]*\.(txt|in)$/i.test(base)) return "requirements.txt";
  return undefined;
}
