import { base32Decode } from "./decode.js";

/** At most this many characters of labels are joined per domain (a long DNS tunnel is cut, not slow). */
const MAX_JOINED = 64 * 1024;

export interface DnsChannel {
  /** The domain the labels were sent under (its last two labels). */
  domain: string;
  /** Texts to search: the joined labels as sent and decoded as hex, base32 and base64. */
  views: string[];
}

/** `a.b.exfil.invalid` -> `exfil.invalid`: where the data goes (whoever runs that zone reads it). */
export function baseDomain(name: string): string {
  const labels = name.toLowerCase().replace(/\.$/, "").split(".");
  return labels.slice(-2).join(".");
}

/**
 * Data hidden in query names: the labels left of each domain, joined per name and across all the
 * names under that domain in query order (a secret split over many queries), then decoded.
 */
export function dnsChannels(names: readonly string[]): DnsChannel[] {
  const groups = new Map<string, string[][]>();
  for (const name of names) {
    const labels = name.replace(/\.$/, "").split(".");
    if (labels.length < 3) continue;
    const list = groups.get(baseDomain(name)) ?? [];
    if (list.at(-1)?.join(".") !== labels.join(".")) list.push(labels);
    groups.set(baseDomain(name), list);
  }
  const out: DnsChannel[] = [];
  for (const [domain, list] of groups) {
    const candidates = new Set<string>();
    // One name: every split between data and zone (a.b.t.exfil.invalid -> a, ab, abt).
    for (const labels of list.slice(0, 256)) for (let j = 1; j <= labels.length - 2; j++) candidates.add(labels.slice(0, j).join(""));
    // Many names: strip the zone they share (t.exfil.invalid), join the rest in query order,
    // with and without a leading sequence label (0.<data>, 1.<data>, …).
    const k = sharedSuffix(list);
    const parts = list.map((l) => l.slice(0, l.length - k)).filter((l) => l.length > 0);
    candidates.add(parts.map((l) => l.join("")).join("").slice(0, MAX_JOINED));
    candidates.add(parts.map((l) => (l.length > 1 && /^\d{1,6}$/.test(l[0]!) ? l.slice(1) : l).join("")).join("").slice(0, MAX_JOINED));
    const views: string[] = [];
    for (const c of candidates) {
      if (!c) continue;
      views.push(c);
      if (/^[0-9a-fA-F]+$/.test(c)) views.push(Buffer.from(c.length % 2 ? c.slice(0, -1) : c, "hex").toString("latin1"));
      const b32 = base32Decode(c);
      if (b32) views.push(b32.toString("latin1"));
      if (/^[A-Za-z0-9+/_-]+$/.test(c)) views.push(Buffer.from(c.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("latin1"));
    }
    out.push({ domain, views });
  }
  return out;
}

/** How many trailing labels all the names share (at least the two of the domain). */
function sharedSuffix(list: string[][]): number {
  if (list.length < 2) return 2;
  let k = 2;
  for (;;) {
    const label = list[0]![list[0]!.length - 1 - k];
    if (label === undefined || !list.every((l) => l.length - 1 - k >= 0 && l[l.length - 1 - k] === label)) return k;
    k++;
  }
}
