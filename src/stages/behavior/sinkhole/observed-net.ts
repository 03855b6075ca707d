import type { CommandObservation } from "../observe.types.js";
import { PLACEHOLDER_HOST } from "../network-analyse.js";
import { normalHost } from "../../../skill/hosts.js";

const MAX_ITEMS = 200;
const LOOPBACK = /^(127\.|::1$|::ffff:127\.|localhost$)/;

/**
 * Hosts and URLs the skill was seen to reach (for the routing's effective permissions): DNS
 * names, SNI and Host headers from the sinkhole, and non-loopback addresses from the syscall log.
 * The stage's own placeholder host and the served programs' call-backs are not the skill's.
 */
export function observedNetwork(observations: readonly CommandObservation[], secretForms: readonly string[] = []): { hosts: string[]; urls: string[] } {
  const hosts = new Set<string>();
  const urls = new Set<string>();
  for (const o of observations) {
    const s = o.sinkhole;
    for (const d of s?.dns ?? []) hosts.add(normalHost(d.name));
    for (const n of s?.sni ?? []) hosts.add(normalHost(n));
    for (const c of s?.conns ?? []) {
      for (const q of c.requests) {
        const host = normalHost(q.headers.host || c.sni || "");
        if (!host) continue;
        hosts.add(host);
        const port = (c.tls && c.port === 443) || (!c.tls && c.port === 80) ? "" : `:${c.port}`;
        urls.add(`${c.tls ? "https" : "http"}://${host}${port}${q.target.split(/[?#]/)[0]}`);
      }
    }
    for (const e of o.events) if (e.kind === "connect" && (e.family === "AF_INET" || e.family === "AF_INET6") && !LOOPBACK.test(e.addr)) hosts.add(e.addr);
  }
  hosts.delete("");
  hosts.delete(PLACEHOLDER_HOST);
  // A canary in a path or a DNS label is evidence for a finding, never a "permission" to sign.
  const clean = (v: string) => !secretForms.some((f) => v.includes(f));
  const keep = [...urls].filter((u) => !u.includes(`//${PLACEHOLDER_HOST}`) && clean(u));
  return { hosts: [...hosts].filter(clean).sort().slice(0, MAX_ITEMS), urls: keep.sort().slice(0, MAX_ITEMS) };
}
