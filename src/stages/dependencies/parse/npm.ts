import type { ParsedManifests } from "../dependency.types.js";
import { lineOf, normaliseName } from "../parsed.js";
import { InternalError } from "../../../errors.js";
import { isRecord } from "../../../is-record.js";

/** Lifecycle scripts npm runs on install (of this package, or of it as a dependency). */
export const INSTALL_HOOKS = ["preinstall", "install", "postinstall", "prepare", "preprepare", "postprepare"] as const;
const DEP_SECTIONS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies", "bundleDependencies"];

export function parsePackageJson(file: string, text: string, into: ParsedManifests): void {
  let pkg: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isRecord(parsed)) throw new InternalError("PARSE_FAILED", "top level is not an object");
    pkg = parsed;
  } catch (err) {
    into.unreadable.push({ file, why: `not valid JSON (${(err as Error).message})` });
    return;
  }
  const scripts = isRecord(pkg.scripts) ? pkg.scripts : {};
  for (const hook of INSTALL_HOOKS) {
    const command = scripts[hook];
    if (typeof command === "string") into.installScripts.push({ file, hook, command, line: lineOf(text, `"${hook}"`) });
  }
  for (const section of DEP_SECTIONS) {
    const deps = pkg[section];
    if (!isRecord(deps)) continue;
    const sectionAt = text.indexOf(`"${section}"`);
    for (const [rawName, spec] of Object.entries(deps)) {
      into.dependencies.push({
        ecosystem: "npm",
        name: normaliseName("npm", rawName),
        spec: typeof spec === "string" ? spec.trim() : "",
        file,
        line: lineOf(text, `"${rawName}"`, Math.max(0, sectionAt)),
        section,
      });
    }
  }
}

/**
 * package-lock.json v1 (nested "dependencies") and v2/v3 ("packages" keyed by node_modules path).
 * Lockfile entries are exact, so only names, versions and where they are fetched from matter.
 */
export function parsePackageLock(file: string, text: string, into: ParsedManifests): void {
  let lock: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isRecord(parsed)) throw new InternalError("PARSE_FAILED", "top level is not an object");
    lock = parsed;
  } catch (err) {
    into.unreadable.push({ file, why: `not valid JSON (${(err as Error).message})` });
    return;
  }
  const seen = new Set<string>();
  const add = (name: string, entry: Record<string, unknown>) => {
    const version = typeof entry.version === "string" ? entry.version : "";
    const resolved = typeof entry.resolved === "string" ? entry.resolved : "";
    // A resolved URL off the registry (git, file, other hosts) is what the lock really installs.
    const spec = resolved && !/^https:\/\/registry\.(npmjs\.org|yarnpkg\.com)\//.test(resolved) ? resolved : version;
    const key = `${name}@${spec}`;
    if (!name || seen.has(key)) return;
    seen.add(key);
    // No line numbers: lockfiles can be megabytes, and the manifest entry is what a creator edits.
    into.dependencies.push({ ecosystem: "npm", name: normaliseName("npm", name), spec, file, section: "lockfile" });
  };
  if (isRecord(lock.packages)) {
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (!path || !isRecord(entry) || entry.link === true) continue;
      const at = path.lastIndexOf("node_modules/");
      if (at < 0) continue; // workspace folders, not installed packages
      const name = typeof entry.name === "string" ? entry.name : path.slice(at + "node_modules/".length);
      add(name, entry);
    }
  } else if (isRecord(lock.dependencies)) {
    const walk = (deps: Record<string, unknown>) => {
      for (const [name, entry] of Object.entries(deps)) {
        if (!isRecord(entry)) continue;
        add(name, entry);
        if (isRecord(entry.dependencies)) walk(entry.dependencies);
      }
    };
    walk(lock.dependencies);
  }
}
