/** Host names as the skill declared them and as the sinkhole saw them, compared by destination. */
import { domainToASCII, domainToUnicode } from "node:url";

/** `https://API.github.com:443/x` -> `api.github.com`; `*.github.com` keeps its star. */
export function normalHost(entry: string): string {
  let h = entry.trim().toLowerCase();
  h = h.replace(/^[a-z][a-z0-9+.-]*:\/\//, "").replace(/[/?#].*$/, "").replace(/^[^@]*@/, "");
  if (h.startsWith("[")) return h.replace(/^\[([^\]]*)\].*$/, "$1");
  h = h.replace(/:\d+$/, "").replace(/\.$/, "");
  // A declared IDN compares by the punycode a resolver (and the sinkhole) sees.
  return /[^\x00-\x7f]/.test(h) ? domainToASCII(h) || h : h;
}

/**
 * A host is declared when a declared entry names it exactly, or names a parent domain of it
 * (`github.com` or `*.github.com` covers `api.github.com`). A declared sub-host never covers its
 * parent or siblings, and `github.com.evil.invalid` is not under `github.com`.
 */
export function isDeclaredHost(host: string, declared: readonly string[]): boolean {
  const h = normalHost(host);
  if (!h) return false;
  return declared.some((d) => {
    const n = normalHost(d);
    const base = n.replace(/^\*\./, "").replace(/^\./, "");
    if (!base || base === "*") return false;
    return h === base || h.endsWith(`.${base}`);
  });
}

// The host of the first http(s) URL, in any script: an IDN must not be cut at its first non-ASCII letter.
const URL_HOST = /\bhttps?:\/\/(?:[^\s/@'"\x60]*@)?(\[[0-9a-fA-F:.]+\]|[^\s/:?#@'"\x60<>()[\]{}|\\^,;]+)/i;

/** `curl https://gооgle.com/x` -> `xn--ggle-55da.com` (the punycode a resolver sees), lowercased. */
export function hostFromUrl(text: string): string | undefined {
  const raw = URL_HOST.exec(text)?.[1];
  if (!raw) return undefined;
  if (raw.startsWith("[")) return raw.toLowerCase();
  const ascii = domainToASCII(raw.replace(/\.$/, ""));
  return ascii || raw.toLowerCase();
}

/** Letters from other scripts that render like Latin ones (Unicode confusables, the common subset). */
const CONFUSABLE: Record<string, string> = {
  а: "a", в: "b", е: "e", ё: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x", ѕ: "s", і: "i", ї: "i", ј: "j", ԁ: "d", ӏ: "l", ԛ: "q", ԝ: "w", һ: "h", ѡ: "w",
  α: "a", β: "b", ε: "e", ι: "i", κ: "k", ν: "v", ο: "o", ρ: "p", τ: "t", υ: "u", χ: "x", ω: "w", ɡ: "g", ı: "i", ȷ: "j", ℓ: "l", ɑ: "a", ᴏ: "o", ꞵ: "b",
};

/**
 * The ASCII host an IDN imitates (`xn--ggle-55da.com` -> `google.com`), or undefined when the
 * host is plain ASCII or does not read as an ASCII name once look-alike letters are folded.
 */
export function lookalikeOf(host: string): string | undefined {
  if (!/(^|\.)xn--/i.test(host)) return undefined;
  const unicode = domainToUnicode(host);
  const folded = [...unicode.normalize("NFKC").toLowerCase()].map((c) => CONFUSABLE[c] ?? c).join("").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  return /^[a-z0-9.-]+$/.test(folded) && folded !== unicode ? folded : undefined;
}

/**
 * The ASCII host a homoglyph imitates: only when the IDN mixes in letters from other scripts that
 * render like Latin ones (Cyrillic `о`, Greek `ο`…) and folds to an ASCII name. An accented Latin
 * IDN (`bücher.de`) is a real name, not a disguise: undefined.
 */
export function homoglyphOf(host: string): string | undefined {
  const like = lookalikeOf(host);
  if (!like) return undefined;
  return [...domainToUnicode(host).normalize("NFKC").toLowerCase()].some((c) => c in CONFUSABLE) ? like : undefined;
}

/** `xn--ggle-55da.com (gооgle.com, looks like google.com)`; an ASCII host as is. */
export function describeHost(host: string): string {
  if (!/(^|\.)xn--/i.test(host)) return host;
  const unicode = domainToUnicode(host);
  const like = lookalikeOf(host);
  return `${host} (${unicode}${like ? `, looks like ${like}` : ""})`;
}
