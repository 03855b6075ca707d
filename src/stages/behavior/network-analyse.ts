import type { Severity } from "../../findings.types.js";
import { findCanaries, type Canary } from "./canaries.js";
import type { Observation } from "./findings.js";
import type { AnalysisContext, CommandObservation } from "./observe.types.js";
import { decodedViews } from "./sinkhole/decode.js";
import { baseDomain, dnsChannels } from "./sinkhole/dns-exfil.js";
import type { ConnSeen, SinkholeEvidence } from "./sinkhole/evidence.js";
import { isDeclaredHost, normalHost } from "../../skill/hosts.js";

/** The URL host the plan fills in for URL arguments (code-blocks.ts): reaching it is doing what we asked. */
export const PLACEHOLDER_HOST = "example.invalid";
/** `curl … | sh`, `wget -O- … | bash`, `bash <(curl …)`, `irm … | iex`: a download visibly handed to an interpreter. */
const VISIBLE_INSTALLER = /\b(?:curl|wget)\b[^|;&\n]*\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b|\b(?:ba|z)?sh\s+<\(\s*(?:curl|wget)\b|\b(?:irm|iwr|Invoke-RestMethod|Invoke-WebRequest)\b[^|\n]*\|\s*(?:iex|Invoke-Expression)\b/i;
const WEB_PORTS = new Set([80, 443, 8080, 8443]);
const isIpLiteral = (host: string) => /^[\d.]+$|:/.test(host);
const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1", "localhost"]);

/**
 * Pure: network findings of one command, judged by DESTINATION. A host the skill declared is low;
 * any other keeps its severity whatever the command line says. Hosts come from the sinkhole (DNS
 * names, SNI, Host headers); connections it did not take (other ports, raw IPs) from the syscall log.
 */
export function networkFindings(run: CommandObservation, ctx: AnalysisContext): Observation[] {
  const sink = run.sinkhole?.started ? run.sinkhole : undefined;
  return [...(sink ? sinkholeFindings(run, sink, ctx) : []), ...traceConnects(run, sink, ctx)];
}

function sinkholeFindings(run: CommandObservation, sink: SinkholeEvidence, ctx: AnalysisContext): Observation[] {
  const out: Observation[] = [];
  const o = (rule: Observation["rule"], key: string, severity: Severity, message: string, evidence: string): void => {
    out.push({ rule, key, severity, confidence: "high", message, evidence, command: run.planned });
  };
  const declared = (host: string) => isDeclaredHost(host, ctx.declared.network);
  // Evidence-weighted: a skill that declares no network at all and is seen making ordinary web requests (HTTP(S) to a
  // named host, or a lookup) gets that host inferred as its permission (signed, enforced by the runtime); one that declares
  // hosts and reaches others, raw connections (nc, ssh, reverse shells) and anything carrying a canary keep their weight.
  const inferable = (web: boolean) => web && ctx.declared.network.length === 0;
  const judged = (host: string, base: Severity, web = false): [Severity, string] =>
    declared(host)
      ? ["low", " (the skill declares this host)"]
      : host === PLACEHOLDER_HOST
        ? ["low", " (the URL the stage passed as an argument)"]
        : inferable(web && !isIpLiteral(host))
          ? ["low", " (no network declared: inferred as the skill's network permission)"]
          : [base, ctx.declared.network.length ? " (not a host the skill declares)" : " although the skill declares no network access"];
  const connected = new Set<string>();
  for (const c of sink.conns) {
    const host = connHost(c, sink);
    const who = processesOn(run, c.port);
    for (const q of c.requests.length ? c.requests : [undefined]) {
      const url = q ? `${c.tls ? "https" : "http"}://${host}${defaultPort(c) ? "" : `:${c.port}`}${q.target}` : `${c.tls ? "tls" : "tcp"}://${host}:${c.port}`;
      connected.add(host);
      const ranIt = q?.download !== undefined && sink.beacons.includes(q.download);
      const [sev, why] = judged(host, "high", q !== undefined && WEB_PORTS.has(c.port) && !ranIt);
      o("network-attempt", host, sev, `${who} ${q ? `sent ${q.method} ${url}` : `connected to ${url}`}${why}`, `sinkhole: ${q ? `${q.method} ${url} (${q.headers["user-agent"] ?? "no user agent"}, ${q.bodyBytes} body bytes)` : `${c.bytes} bytes on port ${c.port}`}`);
    }
    const found = findIn(decodedViews(c.data), ctx.canaries);
    const leaked = found.filter((k) => k.kind === "secret" || !declared(host));
    if (leaked.length) {
      o("canary-exfil", `net:${host}`, "critical", `${who} sent planted ${labels(leaked)} to ${host} (port ${c.port}${c.tls ? ", TLS" : ""})${declared(host) ? ", a declared host: credentials must still not leave" : ""}`, `sinkhole: ${c.bytes} bytes to ${host}:${c.port}${c.truncated ? " (kept the first part)" : ""}`);
    }
  }
  const names = sink.dns.map((d) => d.name);
  for (const name of new Set(names.map((n) => normalHost(n)))) {
    if (connected.has(name) || !name) continue;
    const [sev, why] = judged(name, "medium", true);
    o("network-attempt", name, sev, `${processesOn(run, 53)} looked up ${name}${why}`, `sinkhole DNS: ${name}`);
  }
  for (const ch of dnsChannels(names)) {
    const found = findIn(ch.views, ctx.canaries);
    if (found.length) o("canary-exfil", `dns:${ch.domain}`, "critical", `leaked planted ${labels(found)} to ${ch.domain} inside DNS query names`, `sinkhole DNS: ${names.filter((n) => baseDomain(n) === ch.domain).length} queries under ${ch.domain}`);
  }
  for (const n of new Set(sink.beacons)) {
    const src = downloadSource(sink, n);
    // A download piped into a shell in SKILL.md's own fenced block is an installer the user reads before running: proven,
    // but not hidden, so a reviewer judges the vendor (the static stage still rejects installers from hosts the text never names).
    const visible = run.planned.source === "skill-md" && VISIBLE_INSTALLER.test(run.planned.command);
    o(
      visible ? "installer-executed" : "downloaded-code-executed",
      src ?? `download ${n}`,
      visible ? "high" : "critical",
      `ran code it downloaded${src ? ` from ${src}` : ""}: the program the sandbox served in its place was executed${visible ? " (the installer command SKILL.md shows the user; a reviewer must vouch for what it downloads)" : ""}`,
      `sinkhole: served program #${n} called back`,
    );
  }
  // A command stopped at its time limit leaves its children behind: that is the timeout finding, not a detached process.
  for (const g of sink.timedOut ? [] : sink.orphans) {
    if (g.procs.length === 0) continue;
    const list = g.procs.map((p) => `${p.comm}[${p.pid}]`).join(", ");
    // Still running past the grace period: it daemonised itself, and what it does later is not watched.
    o("detached-process", `orphans:${g.phase}`, g.phase === "grace-over" ? "medium" : "low", g.phase === "grace-over" ? `left processes running after the command ended and past the grace period: ${list} (killed)` : `processes outlived the command: ${list}`, `chamber init: ${g.phase}`);
  }
  return out;
}

/** Connections the sinkhole did not take: raw IPs, other ports; loopback to its ports is already covered. */
function traceConnects(run: CommandObservation, sink: SinkholeEvidence | undefined, ctx: AnalysisContext): Observation[] {
  const out: Observation[] = [];
  // Only what the sinkhole really received is covered: a UDP datagram to a TCP listener's port is not.
  const served = new Set(sink ? [...(sink.dns.length || sink.beacons.length ? [53] : []), ...sink.conns.map((c) => c.port)] : []);
  for (const e of run.events) {
    if (e.kind !== "connect" || (e.family !== "AF_INET" && e.family !== "AF_INET6")) continue;
    if (sink && LOOPBACK.has(e.addr) && e.port !== undefined && served.has(e.port)) continue;
    // Port 0 on loopback reaches nothing (npm's source-address probe, seen once the base image had real npm).
    if (LOOPBACK.has(e.addr) && e.port === 0) continue;
    const dns = e.port === 53;
    const target = `${e.addr}:${e.port ?? "?"}`;
    const ok = isDeclaredHost(e.addr, ctx.declared.network);
    const severity: Severity = ok ? "low" : dns ? "medium" : "high";
    const why = ok ? " (a declared address)" : ctx.declared.network.length ? " (not a declared host)" : " although the skill declares no network access";
    out.push({
      rule: "network-attempt",
      key: dns ? "dns" : target,
      severity,
      confidence: "high",
      message: dns ? `looked up a host name (DNS query to ${target})${why}` : `${e.comm} tried to connect to ${target} (${e.syscall})${why}`,
      evidence: `${e.comm}: ${e.syscall}(${e.family} ${target})`,
      command: run.planned,
    });
  }
  return out;
}

/**
 * Host header, else SNI, else the name looked up last before the connection was accepted (a raw
 * client such as nc or ssh resolves, then connects), else the loopback address it reached.
 */
export function connHost(c: ConnSeen, sink?: SinkholeEvidence): string {
  const h = c.requests.find((q) => q.headers.host)?.headers.host;
  const named = normalHost(h || c.sni || "");
  if (named) return named;
  const before = sink?.dns.filter((d) => d.at <= c.start && d.name).at(-1);
  return (before && normalHost(before.name)) || "127.0.0.1";
}

function defaultPort(c: ConnSeen): boolean {
  return (c.tls && c.port === 443) || (!c.tls && c.port === 80);
}

/** The programs the syscall log saw connecting to that loopback port (the sinkhole cannot see pids). */
function processesOn(run: CommandObservation, port: number): string {
  const names = new Set(run.events.flatMap((e) => (e.kind === "connect" && e.port === port && LOOPBACK.has(e.addr) ? [e.comm] : [])));
  return names.size ? [...names].slice(0, 3).join("/") : "the skill";
}

function downloadSource(sink: SinkholeEvidence, n: number): string | undefined {
  for (const c of sink.conns) {
    const q = c.requests.find((r) => r.download === n);
    if (q) return `${c.tls ? "https" : "http"}://${connHost(c, sink)}${defaultPort(c) ? "" : `:${c.port}`}${q.target}`;
  }
  return undefined;
}

function findIn(views: string[], canaries: readonly Canary[]): Canary[] {
  const hit = new Set<Canary>();
  for (const v of views) for (const c of findCanaries(v, canaries)) hit.add(c);
  return [...hit];
}

function labels(found: Canary[]): string {
  return found.map((c) => c.label).join(", ");
}
