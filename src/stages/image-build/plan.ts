import type { InstallStep } from "../../skill/permissions.js";
import type { PrefetchRequest } from "../../prefetch/index.js";
import type { PythonProjectFiles } from "../../prefetch/python-project.js";
import { readSnapshotText } from "../../snapshot/read.js";
import type { Snapshot } from "../../snapshot/snapshot.types.js";
import { inferInstallSteps } from "./inferred-steps.js";
import { pyprojectHasDeps, pythonProjectFiles } from "./python-project-step.js";

export const INSTALLER_GUEST_PATH = "/skillsign/offline-install.py";

/** What one declared install step becomes in the generated Dockerfile. */
export type PlannedStep =
  | { kind: "run"; label: string; argv: string[]; prefetch?: PrefetchRequest }
  | { kind: "unsupported"; label: string; reason: string };

const WHEEL_DIRS = ["vendor", "wheels", "wheelhouse", "vendor/wheels"];

/** Registries a step of these kinds would need; the build really tries them (and fails offline). */
const FETCH_ONLY: Record<string, (pkg: string) => string> = {
  apt: (p) => `http://deb.debian.org/debian/pool/main/${encodeURIComponent(p)}/`,
  brew: (p) => `https://formulae.brew.sh/api/formula/${encodeURIComponent(p)}.json`,
  go: (p) => `https://proxy.golang.org/${p}/@latest`,
  gem: (p) => `https://rubygems.org/api/v1/gems/${encodeURIComponent(p)}.json`,
};

/**
 * Turns the declared install steps into offline build steps: vendored wheels and npm tarballs
 * are installed from the skill itself; anything else is attempted as the real tool would
 * (network none makes it fail); shell steps run as written. Dependency files with no declared
 * step of their ecosystem become inferred pip/npm steps (inferred-steps.ts); nothing else undeclared runs.
 */
export function planInstall(steps: readonly InstallStep[], snap: Snapshot): PlannedStep[] {
  const paths = new Set(snap.files.map((f) => f.path));
  const all = [...steps, ...inferInstallSteps(steps, snap, (p) => textOf(snap, p))];
  const project = pythonProjectFiles(paths, (p) => pyprojectHasDeps(textOf(snap, p)));
  return all.map((s) => planOne(s, paths, project)).filter((p): p is PlannedStep => p !== undefined);
}

function textOf(snap: Snapshot, path: string): string | undefined {
  const t = readSnapshotText(snap, path);
  return t.ok ? t.text : undefined;
}

function planOne(step: InstallStep, paths: Set<string>, project?: PythonProjectFiles): PlannedStep | undefined {
  const kind = step.kind.toLowerCase();
  const pkgs = step.package.split(/[\s,]+/).filter(Boolean);
  const label = (step.label ? `${step.label}: ` : "") + describe(kind, step.package);
  switch (kind) {
    case "pip":
    case "uv":
    case "python": {
      const wheels = wheelDir(paths);
      // `uv sync`, `pip install .` or a bare step over a pyproject.toml / uv.lock / poetry.lock: prefetch reads the TOML.
      const projectStep = project && (pkgs.length === 0 || (pkgs.length === 1 && ["sync", ".", "./"].includes(pkgs[0]!))) && !(pkgs.length === 0 && paths.has("requirements.txt"));
      if (projectStep) {
        return { kind: "run", label, argv: ["python3", INSTALLER_GUEST_PATH, "pip", wheels, "."], prefetch: { ecosystem: "pypi", args: [], project, ...(wheels !== "-" ? { wheelDir: wheels } : {}) } };
      }
      const args = pkgs.length ? pkgs : paths.has("requirements.txt") ? ["-r", "requirements.txt"] : [];
      if (args.length === 0) return undefined;
      // argv is the fallback when prefetch cannot serve the step (URL/VCS requirements): it tries the network and fails.
      return {
        kind: "run", label, argv: ["python3", INSTALLER_GUEST_PATH, "pip", wheels, ...args],
        prefetch: { ecosystem: "pypi", args, ...(wheels !== "-" ? { wheelDir: wheels } : {}) },
      };
    }
    case "node":
    case "npm": {
      const lockMode = pkgs.length === 0 || (pkgs.length === 1 && pkgs[0] === "ci");
      const lock = lockMode && paths.has("package-lock.json") ? "package-lock.json" : "-";
      const args = lockMode ? [] : pkgs;
      const manifest = paths.has("package.json") ? "package.json" : undefined;
      if (lock === "-" && args.length === 0 && !manifest) return undefined;
      const argv = ["python3", INSTALLER_GUEST_PATH, "npm", lock, ...args];
      // Vendored tarballs (file:/.tgz) stay with the offline installer; registry packages are prefetched.
      if (args.some((a) => /\.t(ar\.)?gz$/.test(a) || a.includes("/"))) return { kind: "run", label, argv };
      const prefetch: PrefetchRequest = lockMode
        ? { ecosystem: "npm", ...(lock !== "-" ? { lock } : {}), ...(manifest ? { packageJson: manifest } : {}), packages: [] }
        : { ecosystem: "npm", packages: args };
      return { kind: "run", label, argv, prefetch };
    }
    case "shell":
    case "exec":
      return step.package ? { kind: "run", label, argv: ["/bin/sh", "-c", step.package] } : undefined;
    default: {
      const url = FETCH_ONLY[kind];
      if (url && pkgs[0]) return { kind: "run", label, argv: ["python3", INSTALLER_GUEST_PATH, "fetch", kind, url(pkgs[0])] };
      return { kind: "unsupported", label, reason: `install steps of kind "${step.kind}" cannot be built offline by skillsign` };
    }
  }
}

function describe(kind: string, pkg: string): string {
  if (kind === "shell" || kind === "exec") return `${kind}: ${pkg}`;
  return `${kind} install ${pkg}`.trim();
}

/** The vendored wheel folder, or "-" when the skill ships no wheels. */
function wheelDir(paths: Set<string>): string {
  for (const dir of WHEEL_DIRS) {
    for (const p of paths) if (p.startsWith(`${dir}/`) && p.endsWith(".whl") && !p.slice(dir.length + 1).includes("/")) return dir;
  }
  return "-";
}
