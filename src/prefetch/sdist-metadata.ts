import { execa } from "../tools/lazy-execa.js";

/**
 * An sdist's run-time requirements read from the files its tarball carries (PKG-INFO's
 * Requires-Dist, else setuptools' `*.egg-info/requires.txt`): plain text, so nothing of the package
 * runs. Extras are left out. Empty when the sdist declares none (or only computes them in setup.py:
 * then the sandboxed install names what is missing).
 */
export async function sdistRequirements(path: string): Promise<string[]> {
  if (!/\.tar\.gz$/.test(path)) return [];
  const member = async (pattern: string) => {
    const r = await execa("tar", ["-xzOf", path, "--wildcards", pattern], { reject: false, timeout: 30_000, maxBuffer: 4_000_000 });
    return r.exitCode === 0 ? String(r.stdout) : "";
  };
  const fromPkgInfo = requiresDist(await member("*/PKG-INFO"));
  if (fromPkgInfo.length) return fromPkgInfo;
  return eggRequires(await member("*.egg-info/requires.txt"));
}

/** Requires-Dist lines of (possibly several concatenated) PKG-INFO files, extras dropped. */
export function requiresDist(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/^Requires-Dist:\s*(.+?)\s*$/gm)) if (!/\bextra\s*==/.test(m[1]!)) out.add(m[1]!);
  return [...out];
}

/** setuptools' requires.txt: the lines before the first [extra] / [:marker] section. */
export function eggRequires(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("[")) break;
    if (line && !line.startsWith("#")) out.add(line);
  }
  return [...out];
}
