import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { CODE_EXTENSIONS, SHEBANG, firstLine } from "./code-files.js";
import { join, sep } from "node:path";
import type { SemgrepOutput } from "./semgrep-output.types.js";

/**
 * Semgrep pays a fixed cost per target root (a semgrep-core RPC plus a `git ls-files` each):
 * 100 skill folders as 100 targets cost ~4x the CPU of the same files under one root. So the
 * batch is laid out as <scanDir>/<i>/... (hard links into the read-only snapshots, copies if
 * linking fails), scanned as ONE root, and the output paths are mapped back to the snapshots.
 */
export interface ScanRoot {
  dir: string;
  /** Rewrites every path in semgrep's output from the scan root back to the original target. */
  restore(out: SemgrepOutput): SemgrepOutput;
  remove(): void;
}

export function buildScanRoot(parent: string, targets: readonly string[]): ScanRoot {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, "scan-"));
  const renamed = new Map<string, string>();
  try {
    targets.forEach((target, i) => mirror(target, join(dir, String(i)), renamed));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const prefixes = targets.map((t, i) => ({ from: join(dir, String(i)) + sep, to: t.endsWith(sep) ? t : t + sep }));
  const back = (q: string): string => {
    const p = renamed.get(q) ?? q;
    const hit = prefixes.find((x) => p.startsWith(x.from));
    return hit ? hit.to + p.slice(hit.from.length) : p;
  };
  const backAll = (text: string): string =>
    prefixes.reduce((t, x) => t.split(x.from).join(x.to), [...renamed].reduce((t, [alias, real]) => t.split(alias).join(real), text));
  return {
    dir,
    restore: (out) => ({
      ...out,
      results: out.results.map((r) => ({ ...r, path: back(r.path) })),
      // Error messages quote the path too: map it back so no temporary scan-root path reaches a report.
      errors: out.errors.map((e) => (e.path ? { ...e, path: back(e.path), ...(e.message ? { message: backAll(e.message) } : {}) } : e)),
      ...(out.paths ? { paths: { ...out.paths, scanned: out.paths.scanned?.map(back) } } : {}),
    }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Semgrep's OCaml engine leaves these out of a folder scan by extension (the Python one scanned
 * them): a skill could name its payload x.min.js. They are mirrored under a name that still ends
 * in .js / .ts, and mapped back with every other path.
 */
const UNSCANNED_SUFFIX = /\.(?:min\.js|d\.ts)$/;

function mirror(from: string, to: string, renamed: Map<string, string>): void {
  mkdirSync(to, { recursive: true });
  const entries = readdirSync(from, { withFileTypes: true });
  const taken = new Set(entries.map((e) => e.name));
  for (const e of entries) {
    const src = join(from, e.name);
    let dst = join(to, e.name);
    const as = e.isFile() ? aliasExtension(src, e.name) : undefined;
    if (as) {
      const alias = aliasFor(e.name, as, taken);
      renamed.set(join(to, alias), dst);
      dst = join(to, alias);
    }
    if (e.isDirectory()) mirror(src, dst, renamed);
    else if (e.isFile()) linkOrCopy(src, dst);
    // Snapshots hold only files and folders; anything else is not ours to scan.
  }
}

/**
 * The extension a file must be mirrored under for the OCaml engine to scan it as the Python engine
 * did, or undefined. Besides *.min.js / *.d.ts, the Python engine scanned any executable file whose
 * shebang names an interpreter (notes.txt with #!/bin/bash); the OCaml one only extension-less ones.
 */
function aliasExtension(path: string, name: string): string | undefined {
  if (UNSCANNED_SUFFIX.test(name)) return name.endsWith(".js") ? ".js" : ".ts";
  const dot = name.lastIndexOf(".");
  if (dot <= 0 || CODE_EXTENSIONS.has(name.slice(dot).toLowerCase())) return undefined;
  if ((statSync(path).mode & 0o111) === 0) return undefined;
  const interpreter = SHEBANG.exec(firstLine(path))?.[0] ?? "";
  if (/python/.test(interpreter)) return ".py";
  if (/node/.test(interpreter)) return ".js";
  return interpreter ? ".sh" : undefined;
}

/** "app.min.js" -> "app.min.js~.js", lengthened until no sibling has that name. */
function aliasFor(name: string, ext: string, taken: Set<string>): string {
  let alias = `${name}~${ext}`;
  while (taken.has(alias)) alias = `${alias.slice(0, -ext.length)}~${ext}`;
  taken.add(alias);
  return alias;
}

function linkOrCopy(src: string, dst: string): void {
  try {
    linkSync(src, dst);
  } catch {
    copyFileSync(src, dst);
  }
}
