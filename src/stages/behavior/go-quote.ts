/**
 * gVisor's strace prints buffers and argv with Go's %q. These helpers read such literals
 * back; a truncated buffer ends in `"..."` and is returned as far as it goes.
 */
const SIMPLE_ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"', "'": "'" };

/** Reads one Go-quoted string starting at `text[start] === '"'`; returns the value and the index after it. */
export function readGoString(text: string, start: number): { value: string; end: number } | undefined {
  if (text[start] !== '"') return undefined;
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') return { value: Buffer.from(bytes).toString("utf8"), end: i + 1 };
    if (ch !== "\\") {
      bytes.push(...Buffer.from(String.fromCodePoint(text.codePointAt(i)!), "utf8"));
      i += String.fromCodePoint(text.codePointAt(i)!).length;
      continue;
    }
    const esc = text[i + 1];
    if (esc === undefined) break;
    if (esc in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[esc]!.charCodeAt(0));
      i += 2;
    } else if (esc === "x") {
      bytes.push(parseInt(text.slice(i + 2, i + 4), 16));
      i += 4;
    } else if (esc === "u" || esc === "U") {
      const len = esc === "u" ? 4 : 8;
      bytes.push(...Buffer.from(String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + len), 16)), "utf8"));
      i += 2 + len;
    } else if (/[0-7]/.test(esc)) {
      bytes.push(parseInt(text.slice(i + 1, i + 4), 8) & 0xff);
      i += 4;
    } else {
      bytes.push(esc.charCodeAt(0));
      i += 2;
    }
  }
  return { value: Buffer.from(bytes).toString("utf8"), end: text.length };
}

/** Every Go-quoted string in a piece of strace output, in order (buffers, argv entries, iovecs). */
export function allGoStrings(text: string): string[] {
  const out: string[] = [];
  let i = text.indexOf('"');
  while (i !== -1) {
    const s = readGoString(text, i);
    if (!s) break;
    out.push(s.value);
    i = text.indexOf('"', s.end);
  }
  return out;
}

/** Reads a `["a", "b"]` list that starts at `text[start] === '['`. */
export function readGoStringList(text: string, start: number): { values: string[]; end: number } | undefined {
  if (text[start] !== "[") return undefined;
  const values: string[] = [];
  let i = start + 1;
  while (i < text.length) {
    while (text[i] === " " || text[i] === ",") i++;
    if (text[i] === "]") return { values, end: i + 1 };
    const s = readGoString(text, i);
    if (!s) return { values, end: i };
    values.push(s.value);
    i = s.end;
    if (text.startsWith("...", i)) i += 3;
  }
  return { values, end: text.length };
}
