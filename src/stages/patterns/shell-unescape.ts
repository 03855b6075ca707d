/**
 * Undoes shell tricks that split or encode a command word so keyword patterns miss it:
 * `c''ur""l`, `$'\x63\x75\x72\x6c'`, `${IFS}` for spaces, runs of `\xNN` escapes (printf), and
 * string literals glued back together (`'cu' + 'rl'` in Python or JavaScript).
 * The result is a reading for matching only; newlines are never created or removed, so line
 * numbers stay those of the original.
 */
const TRICK = /[A-Za-z](?:''|"")+[A-Za-z]|[A-Za-z]['"] ?\+ ?['"][A-Za-z]|\$\{IFS\}|\$IFS\b|\$'(?:[^'\n]{0,8})\\[xX0-7]|(?:\\x[0-9a-fA-F]{2}){4}/;

export function hasShellTrick(text: string): boolean {
  return TRICK.test(text);
}

export function undoShellTricks(text: string): string {
  return text
    .replace(/\$'((?:[^'\\\n]|\\[^\n]){0,400})'/g, (_, body: string) => unescapeAnsiC(body))
    .replace(/(?:\\x[0-9a-fA-F]{2}){4,}/g, (run) => unescapeAnsiC(run))
    .replace(/\$\{IFS\}|\$IFS\b/g, " ")
    .replace(/(?<=[A-Za-z0-9_])(?:''|"")+(?=[A-Za-z0-9_])/g, "")
    .replace(/(?<=[A-Za-z0-9_.\/-])(['"])[ \t]{0,3}\+[ \t]{0,3}\1(?=[A-Za-z0-9_.\/ -])/g, "");
}

/** Bash $'…' escapes; anything that would be a line break or a control character becomes a space. */
function unescapeAnsiC(body: string): string {
  return body.replace(/\\(?:x([0-9a-fA-F]{1,2})|([0-7]{1,3})|(.))/g, (_, hex?: string, oct?: string, ch?: string) => {
    if (hex !== undefined) return printable(parseInt(hex, 16));
    if (oct !== undefined) return printable(parseInt(oct, 8));
    return ch === "n" || ch === "t" || ch === "r" ? " " : (ch ?? "");
  });
}

function printable(code: number): string {
  return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : " ";
}
