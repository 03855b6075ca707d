import { UsageError } from "../errors.js";
import type { ResolvedDependency } from "./statement.types.js";

/** Name as pip normalises it, a PEP 440-ish version, a sha256: nothing a requirements file could read as an option. */
const NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9.+!_-]*$/;
const SHA256 = /^[0-9a-f]{64}$/;

export const PIP_LOCK_USAGE = "pip install --no-deps --require-hashes -r";

/**
 * The signed PyPI dependencies as a hash-pinned requirements file: a runtime installing with it
 * gets exactly the files the build installed and the pipeline analysed (the wheels of the base
 * image's platform, Linux x86-64 CPython 3.11; pip refuses other platforms' files, by design).
 * undefined when the statement signs no PyPI dependency.
 */
export function pipLockText(deps: readonly ResolvedDependency[] | undefined, skill: string): string | undefined {
  const pypi = (deps ?? []).filter((d) => d.ecosystem === "pypi");
  if (!pypi.length) return undefined;
  const lines = pypi.map((d) => {
    if (!NAME.test(d.name) || !VERSION.test(d.version) || !d.sha256 || !SHA256.test(d.sha256)) {
      throw new UsageError("USAGE_ERROR", `the signed statement of ${skill} lists a dependency that cannot be written as a pinned requirement: ${JSON.stringify(d).slice(0, 200)}`);
    }
    return `${d.name}==${d.version} --hash=sha256:${d.sha256}`;
  });
  return [`# The dependencies skillsign resolved, analysed and signed for ${skill}. Install with:`, `#   ${PIP_LOCK_USAGE} <this file>`, ...[...new Set(lines)].sort(), ""].join("\n");
}
