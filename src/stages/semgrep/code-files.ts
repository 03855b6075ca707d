import { closeSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import type { Snapshot } from "../../snapshot/snapshot.types.js";

/** Extensions Semgrep parses with the Python, JavaScript/TypeScript and Bash rules we ship. */
export const CODE_EXTENSIONS = new Set([".py", ".pyi", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".sh", ".bash"]);

/** Interpreters whose shebang makes Semgrep treat an extension-less file as code. */
export const SHEBANG = /^#!.*\b(?:python[0-9.]*|node|bash|sh)\b/;

/** Files of the skill that the semgrep stage is responsible for, relative to the skill root. */
export function codeFiles(snap: Snapshot): string[] {
  return snap.files.filter((f) => isCodeFile(snap.root, f.path)).map((f) => f.path);
}

function isCodeFile(root: string, relPath: string): boolean {
  const base = relPath.slice(relPath.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  if (dot > 0 && CODE_EXTENSIONS.has(base.slice(dot).toLowerCase())) return true;
  if (dot > 0) return false;
  return SHEBANG.test(firstLine(join(root, relPath)));
}

export function firstLine(path: string): string {
  const buf = Buffer.alloc(128);
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString("utf8").split("\n")[0] ?? "";
  } catch {
    return "";
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
