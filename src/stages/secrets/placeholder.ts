/**
 * Real skills document credentials with placeholders (`sk-...`, `YOUR_API_KEY`, `xxxx`,
 * `<token>`, AWS's `AKIAIOSFODNN7EXAMPLE`). A value is only a secret when it looks random.
 */
const PLACEHOLDER_WORDS = /example|your|xxx|placeholder|redacted|dummy|fake|sample|changeme|change[_-]?me|replace|insert|token[_-]?here|key[_-]?here|secret[_-]?here|here$|lorem|foobar|todo|\.\.\.|\*\*\*|<|>|\$\{|\{\{|\$\(|%[A-Z_]+%/i;

export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_WORDS.test(value)) return true;
  if (/(.)\1{5,}/.test(value)) return true; // aaaaaa, 000000
  if (/0123456|123456789|abcdefgh|ABCDEFGH/.test(value)) return true;
  return false;
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Random-looking: not a placeholder, mixed enough characters (a word or a repeated pattern is not a key). */
export function looksRandom(value: string, minEntropy = 3.2): boolean {
  if (isPlaceholder(value)) return false;
  if (entropy(value) < minEntropy) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(value)).length;
  return classes >= 2;
}
