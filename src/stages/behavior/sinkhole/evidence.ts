import { promises as fs } from "node:fs";
import { BaseError } from "../../../errors.js";
import { SINKHOLE_LIMITS } from "./chamber.js";

export class SinkholeEvidenceError extends BaseError<"SINKHOLE_EVIDENCE"> {}

export interface HttpRequestSeen {
  method: string;
  target: string;
  headers: Record<string, string>;
  bodyBytes: number;
  served: string;
  /** Set when a program was served: the number its beacon carries. */
  download?: number;
}

export interface ConnSeen {
  id: number;
  port: number;
  tls: boolean;
  sni?: string;
  bytes: number;
  truncated: boolean;
  requests: HttpRequestSeen[];
  data: Buffer;
  /** ms since the init started, when the connection was accepted. */
  start: number;
}

/** What the chamber init recorded for one command (docker/chamber/*.py; docs/behavior.md). */
export interface SinkholeEvidence {
  /** False when the init wrote no header (it did not start): nothing below was watched. */
  started: boolean;
  /** The init's first line ran (so a missing header means it was slow or failed while starting). */
  booted: boolean;
  /** The init killed the command at its time limit. */
  timedOut: boolean;
  initPid: number;
  /** Ports the init listened on. */
  ports: number[];
  listenErrors: Array<{ port: number; error: string }>;
  /** `at`: ms since the init started, to tie a raw connection to the name looked up just before. */
  dns: Array<{ name: string; qtype: number; proto: string; at: number }>;
  sni: string[];
  conns: ConnSeen[];
  /** Download numbers whose served program was run (its beacon reached the DNS responder). */
  beacons: number[];
  orphans: Array<{ phase: string; procs: Array<{ pid: number; ppid: number; comm: string }> }>;
  exit?: number;
  /** Records dropped past the evidence bound, or connections cut at the payload bound. */
  truncated: boolean;
}

const str = (v: unknown, max = 4096): string => (typeof v === "string" ? v.slice(0, max) : "");
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/**
 * Reads the evidence file. It is written only by the init (root-only directory), so it is
 * trusted for structure; fields are still checked, and the file size is bounded.
 */
export async function readSinkholeEvidence(path: string): Promise<SinkholeEvidence> {
  const ev: SinkholeEvidence = { started: false, booted: false, timedOut: false, initPid: 1, ports: [], listenErrors: [], dns: [], sni: [], conns: [], beacons: [], orphans: [], truncated: false };
  let text: string;
  try {
    const fh = await fs.open(path, "r");
    try {
      const buf = Buffer.alloc(SINKHOLE_LIMITS.evidenceBytes + 64 * 1024);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      text = buf.subarray(0, bytesRead).toString("utf8");
    } finally {
      await fh.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return ev;
    throw new SinkholeEvidenceError("SINKHOLE_EVIDENCE", `cannot read the sinkhole evidence ${path}: ${String(err)}`);
  }
  for (const line of text.split("\n")) {
    if (!line) continue;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(line) as Record<string, unknown>;
    } catch {
      ev.truncated = true; // a line cut by a kill mid-write
      continue;
    }
    add(ev, r);
  }
  return ev;
}

function add(ev: SinkholeEvidence, r: Record<string, unknown>): void {
  switch (r.t) {
    case "boot":
      ev.booted = true;
      break;
    case "timeout":
      ev.timedOut = true;
      break;
    case "header":
      ev.started = true;
      ev.initPid = num(r.initPid) || 1;
      ev.ports = Array.isArray(r.ports) ? r.ports.filter((p): p is number => typeof p === "number") : [];
      ev.listenErrors = Array.isArray(r.listenErrors) ? (r.listenErrors as Array<Record<string, unknown>>).map((e) => ({ port: num(e.port), error: str(e.error, 200) })) : [];
      break;
    case "dns":
      if (typeof r.beacon === "string" && /^\d+$/.test(r.beacon)) ev.beacons.push(Number(r.beacon));
      else ev.dns.push({ name: str(r.name, 300), qtype: num(r.qtype), proto: str(r.proto, 8), at: num(r.at) });
      break;
    case "sni":
      ev.sni.push(str(r.name, 253));
      break;
    case "conn":
      ev.conns.push({
        id: num(r.id),
        port: num(r.port),
        tls: r.tls === true,
        sni: typeof r.sni === "string" ? r.sni.slice(0, 253) : undefined,
        bytes: num(r.bytes),
        truncated: r.truncated === true,
        requests: Array.isArray(r.requests) ? (r.requests as Array<Record<string, unknown>>).filter((q) => typeof q.method === "string").map(request) : [],
        data: Buffer.from(str(r.data, 8 * 1024 * 1024), "base64"),
        start: num(r.start),
      });
      ev.truncated ||= r.truncated === true;
      break;
    case "orphan":
      ev.orphans.push({ phase: str(r.phase, 32), procs: Array.isArray(r.procs) ? (r.procs as Array<Record<string, unknown>>).map((p) => ({ pid: num(p.pid), ppid: num(p.ppid), comm: str(p.comm, 64) })) : [] });
      break;
    case "child":
      ev.exit = num(r.exit);
      break;
    case "end":
      ev.truncated ||= num(r.dropped) > 0;
      break;
  }
}

function request(q: Record<string, unknown>): HttpRequestSeen {
  const headers: Record<string, string> = {};
  if (q.headers && typeof q.headers === "object") for (const [k, v] of Object.entries(q.headers)) headers[k] = str(v, 1024);
  return { method: str(q.method, 16), target: str(q.target), headers, bodyBytes: num(q.bodyBytes), served: str(q.served, 8), download: typeof q.download === "number" ? q.download : undefined };
}
