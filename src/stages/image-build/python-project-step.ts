import type { PythonProjectFiles } from "../../prefetch/python-project.js";

/** Folders a skill's own Python project lives in (as for requirements.txt). */
const PROJECT_DIRS = ["", "scripts/"];

/**
 * The skill's Python project files (pyproject.toml, uv.lock, poetry.lock) in the first folder that
 * has them. A lock is only used beside a pyproject.toml or on its own in the same folder.
 */
export function pythonProjectFiles(paths: ReadonlySet<string>, hasDeps: (pyproject: string) => boolean): PythonProjectFiles | undefined {
  for (const dir of PROJECT_DIRS) {
    const files: PythonProjectFiles = {};
    if (paths.has(`${dir}uv.lock`)) files.uvLock = `${dir}uv.lock`;
    if (paths.has(`${dir}poetry.lock`)) files.poetryLock = `${dir}poetry.lock`;
    if (paths.has(`${dir}pyproject.toml`) && hasDeps(`${dir}pyproject.toml`)) files.pyproject = `${dir}pyproject.toml`;
    if (files.uvLock || files.poetryLock || files.pyproject) return files;
  }
  return undefined;
}

/** A cheap look for declared dependencies (the TOML itself is parsed at prefetch). */
export function pyprojectHasDeps(text: string | undefined): boolean {
  return /^\s*dependencies\s*=\s*\[\s*["'][^\]]/m.test(text ?? "") || /^\s*dependencies\s*=\s*\[\s*$\s*["']/m.test(text ?? "") || /^\[tool\.poetry\.dependencies\]\s*$[\s\S]*?^\s*(?!python\b)[A-Za-z0-9]/m.test(text ?? "");
}

/** The label word for a project step: "pyproject.toml + uv.lock". */
export function projectLabel(files: PythonProjectFiles): string {
  return [files.pyproject, files.uvLock, files.poetryLock].filter(Boolean).join(" + ");
}
