import { VerificationError } from "./error.js";

/**
 * JSON.parse that refuses what two JSON readers could read differently: duplicate object keys
 * (JSON.parse keeps the last, other parsers the first) and `__proto__` keys (an object built by
 * assignment from such a key silently changes its prototype instead of gaining the entry).
 */
export function parseStrictJson(text: string, what: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new VerificationError("MALFORMED", `${what} is not valid JSON`);
  }
  const problem = duplicateKeyProblem(text);
  if (problem) throw new VerificationError("MALFORMED", `${what}: ${problem}`);
  return value;
}

/** Scans already-valid JSON text; returns a description of the first repeated or `__proto__` key. */
export function duplicateKeyProblem(text: string): string | undefined {
  const stack: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "{") {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === "[") {
      stack.push(null);
      expectKey = false;
    } else if (ch === "}" || ch === "]") {
      stack.pop();
      expectKey = false;
    } else if (ch === ",") {
      expectKey = stack[stack.length - 1] instanceof Set;
    } else if (ch === '"') {
      const end = stringEnd(text, i);
      if (expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const keys = stack[stack.length - 1] as Set<string>;
        if (key === "__proto__") return `the key "__proto__" is not allowed`;
        if (keys.has(key)) return `duplicate key ${JSON.stringify(key)}`;
        keys.add(key);
        expectKey = false;
      }
      i = end;
    }
  }
  return undefined;
}

/** The closing quote of the string opening at `start`: indexOf skips long base64 payloads natively. */
function stringEnd(text: string, start: number): number {
  for (let from = start + 1; ; ) {
    const q = text.indexOf('"', from);
    if (q < 0) return text.length - 1;
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return q;
    from = q + 1;
  }
}
