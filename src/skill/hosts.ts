/** Host names as the skill declared them and as the sinkhole saw them, compared by destination. */

/** `https://API.github.com:443/x` -> `api.github.com`; `*.github.com` keeps its star. */
export function normalHost(entry: string): string {
  let h = entry.trim().toLowerCase();
  h = h.replace(/^[a-z][a-z0-9+.-]*:\/\//, "").replace(/[/?#].*$/, "").replace(/^[^@]*@/, "");
  if (h.startsWith("[")) return h.replace(/^\[([^\]]*)\].*$/, "$1");
  return h.replace(/:\d+$/, "").replace(/\.$/, "");
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
