import type { InstallStep } from "../../skill/permissions.js";
import type { Snapshot } from "../../snapshot/snapshot.types.js";
import { projectLabel, pyprojectHasDeps, pythonProjectFiles } from "./python-project-step.js";

/** Where a skill's own dependency files live; templates and examples elsewhere are not its runtime. */
const PIP_FILES = ["requirements.txt", "scripts/requirements.txt"];
const PIP_KINDS = new Set(["pip", "uv", "python"]);
const NPM_KINDS = new Set(["npm", "node"]);

export const INFERRED_LABEL = "inferred from";

/**
 * Install steps the skill did not declare but its dependency files imply. Real skills ship a
 * requirements.txt or package.json and rarely declare install steps; without the dependencies the
 * behaviour run would only see an import error, and a hostile script that needs them would look
 * quiet. A declared step of the same ecosystem wins (the creator said how to install).
 */
export function inferInstallSteps(declared: readonly InstallStep[], snap: Snapshot, read: (path: string) => string | undefined): InstallStep[] {
  const paths = new Set(snap.files.map((f) => f.path));
  const kinds = new Set(declared.map((s) => s.kind.toLowerCase()));
  const out: InstallStep[] = [];
  if (![...kinds].some((k) => PIP_KINDS.has(k))) {
    const file = PIP_FILES.find((p) => paths.has(p) && hasRequirement(read(p)));
    if (file) out.push({ kind: "pip", package: `-r ${file}`, bins: [], label: `${INFERRED_LABEL} ${file}` });
    const project = file ? undefined : pythonProjectFiles(paths, (p) => pyprojectHasDeps(read(p)));
    if (project) out.push({ kind: "pip", package: "", bins: [], label: `${INFERRED_LABEL} ${projectLabel(project)}` });
  }
  if (![...kinds].some((k) => NPM_KINDS.has(k)) && paths.has("package.json") && hasNpmDependencies(read("package.json"))) {
    out.push({ kind: "npm", package: "", bins: [], label: `${INFERRED_LABEL} package.json${paths.has("package-lock.json") ? " + package-lock.json" : ""}` });
  }
  return out;
}

function hasRequirement(text: string | undefined): boolean {
  return (text ?? "").split(/\r?\n/).some((l) => /^\s*([A-Za-z0-9]|-r\s|--requirement\b)/.test(l.replace(/#.*/, "")));
}

function hasNpmDependencies(text: string | undefined): boolean {
  try {
    const pkg = JSON.parse(text ?? "") as { dependencies?: unknown };
    return typeof pkg.dependencies === "object" && pkg.dependencies !== null && Object.keys(pkg.dependencies).length > 0;
  } catch {
    return false; // an unreadable package.json is the manifest/dependencies stages' finding, not an install
  }
}
