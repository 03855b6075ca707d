import { SnapshotError } from "./error.js";

/** C0/C1 controls and bidirectional overrides (a name like "gpj.exe" shown reversed). */
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** Characters JSON.stringify leaves as they are but a terminal would act on or hide. */
const UNPRINTABLE = /[\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** JavaScript sorts by UTF-16 code units; the signature format sorts by UTF-8 bytes. */
export function compareUtf8(a: string, b: string): number {
  // Without surrogates, UTF-16 unit order is code point order, which is UTF-8 byte order: no copies.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
const SURROGATE = /[\ud800-\udfff]/;

/** Decodes a raw directory-entry name, refusing anything that is not strict UTF-8. */
export function decodeName(raw: Buffer, parent: string): string {
  let name: string;
  try {
    name = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch (err) {
    throw new SnapshotError(
      "INVALID_NAME_ENCODING",
      `file name is not valid UTF-8 in ${parent || "."}: ${raw.toString("hex")} (hex)`,
      parent,
      err,
    );
  }
  return name;
}

/**
 * Checks one relative path (segments joined by "/"). Readdir never yields ".." or "/",
 * but signature files and archives can, so the same check guards every path we accept.
 */
export function assertSafeRelativePath(relPath: string): void {
  if (relPath.length === 0 || relPath.startsWith("/") || /^[A-Za-z]:/.test(relPath)) {
    throw new SnapshotError("PATH_TRAVERSAL", `absolute path not allowed: ${printable(relPath)}`, relPath);
  }
  for (const segment of relPath.split("/")) {
    if (segment === "" || segment === "." || segment === ".." || segment.includes("\\")) {
      throw new SnapshotError("PATH_TRAVERSAL", `path escapes the skill folder: ${printable(relPath)}`, relPath);
    }
    if (CONTROL_CHARS.test(segment)) {
      throw new SnapshotError(
        "CONTROL_CHAR_NAME",
        `file name contains control or bidirectional-override characters: ${printable(relPath)}`,
        relPath,
      );
    }
    if (segment.normalize("NFC") !== segment) {
      throw new SnapshotError(
        "NON_NFC_NAME",
        `file name is not in Unicode NFC form (it could display like another file): ${printable(relPath)}`,
        relPath,
      );
    }
  }
}

/** Folds a path the way case-insensitive file systems (macOS, Windows) compare names. */
export function caseFold(relPath: string): string {
  return relPath.normalize("NFKC").toLowerCase().toUpperCase().toLowerCase();
}

/** Escapes control characters so a hostile name cannot rewrite the terminal. */
export function printable(s: string): string {
  return JSON.stringify(s)
    .slice(1, -1)
    .replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
