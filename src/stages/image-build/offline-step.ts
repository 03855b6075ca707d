import type { PrefetchedStep } from "../../prefetch/index.js";

/** Where the build context's prefetched files land in the image (owned by the build user). */
export const PREFETCH_GUEST_DIR = "/skillsign-prefetch";

/**
 * The real tool's offline command for a prefetched step: pip from the step's wheel folder only
 * (`--no-index`, hashes in the requirements file are checked again), npm from its filled cache
 * (`--offline`; lifecycle scripts run here, inside the sandbox, not at prefetch).
 */
export function offlineArgv(prefetched: PrefetchedStep, guestDir: string, originalArgs: readonly string[]): string[] {
  if (prefetched.ecosystem === "pypi") {
    return ["python3", "-m", "pip", "install", "--prefix", "/usr", "--break-system-packages", "--no-index", "--find-links", guestDir,
      "--no-cache-dir", "--disable-pip-version-check", "--no-warn-script-location", "--retries", "0", "--timeout", "5",
      // pyproject.toml / uv.lock / poetry.lock: the requirements prefetch wrote from the TOML (hashes checked again).
      ...(prefetched.requirementsFile ? [...(prefetched.noDeps ? ["--no-deps"] : []), "-r", `${guestDir}/${prefetched.requirementsFile}`] : originalArgs)];
  }
  const npm = ["npm", "--offline", "--no-audit", "--no-fund", "--no-update-notifier", "--cache", `${guestDir}/cache`];
  if (prefetched.generatedLock !== undefined && originalArgs.length > 0) {
    // `npm install a b`: the project resolved at prefetch is installed, then its node_modules join the skill's.
    const copy = "mkdir -p /skill/node_modules && cp -a node_modules/. /skill/node_modules/";
    return ["/bin/sh", "-c", `cd ${guestDir}/project && "$@" && ${copy}`, "sh", ...npm, "ci"];
  }
  if (prefetched.generatedLock !== undefined) {
    // No lock in the skill: the one resolved at prefetch is what gets installed.
    return ["/bin/sh", "-c", `cp ${guestDir}/package-lock.json ./package-lock.json && exec "$@"`, "sh", ...npm, "ci"];
  }
  return [...npm, "ci"];
}
