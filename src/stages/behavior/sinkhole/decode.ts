import { gunzipSync, inflateSync } from "node:zlib";

/**
 * Bounded decoding of what the sinkhole received, so a canary is found through the layers an
 * exfiltrating script adds: HTTP chunking, gzip/deflate, tar, URL-encoding, base64 and hex runs.
 * Every layer is capped (decompression bombs stop at MAX_INFLATE; the whole search at MAX_TOTAL).
 */
export const DECODE_LIMITS = { maxDepth: 4, maxInflate: 8 * 1024 * 1024, maxTotal: 32 * 1024 * 1024, maxRuns: 64, maxTarEntries: 256 };

interface Budget {
  left: number;
}

/** The texts in which to look for canaries: the bytes as received and every decoded layer. */
export function decodedViews(data: Buffer, limits = DECODE_LIMITS): string[] {
  const views: string[] = [];
  const budget = { left: limits.maxTotal };
  const seen = new Set<string>();
  const visit = (buf: Buffer, depth: number): void => {
    if (buf.length === 0 || budget.left <= 0) return;
    const text = buf.toString("latin1");
    const key = `${buf.length}:${text.slice(0, 64)}:${text.slice(-64)}`;
    if (seen.has(key)) return;
    seen.add(key);
    budget.left -= buf.length;
    views.push(buf.toString("utf8"), text);
    if (depth >= limits.maxDepth) return;
    for (const next of layers(buf, text, limits, budget)) visit(next, depth + 1);
  };
  visit(data, 0);
  return views;
}

function layers(buf: Buffer, text: string, limits: typeof DECODE_LIMITS, budget: Budget): Buffer[] {
  const out: Buffer[] = [];
  const head = text.indexOf("\r\n\r\n");
  if (/^[A-Z]{3,8} \S+ HTTP\/1\.[01]\r\n/.test(text) && head > 0) {
    const body = buf.subarray(head + 4);
    out.push(/\r\ntransfer-encoding:[^\r\n]*chunked/i.test(text.slice(0, head)) ? dechunk(body) : body);
  }
  const inflated = inflate(buf, Math.min(limits.maxInflate, budget.left));
  if (inflated) out.push(inflated);
  if (buf.length >= 512 && text.slice(257, 262) === "ustar") out.push(...untar(buf, limits.maxTarEntries));
  if (/%[0-9a-fA-F]{2}|\+/.test(text)) out.push(Buffer.from(urlDecode(text), "latin1"));
  let runs = 0;
  for (const m of text.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)) {
    if (++runs > limits.maxRuns) break;
    const run = m[0];
    if (/^[0-9a-fA-F]+$/.test(run) && run.length % 2 === 0) out.push(Buffer.from(run, "hex"));
    const b64 = Buffer.from(run.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (b64.length >= 8) out.push(b64);
  }
  return out;
}

/** gzip or zlib data, inflated up to the bound; a bomb past it yields nothing (documented limit). */
function inflate(buf: Buffer, max: number): Buffer | undefined {
  const opts = { maxOutputLength: Math.max(1, max) };
  try {
    if (buf[0] === 0x1f && buf[1] === 0x8b) return gunzipSync(buf, opts);
    if (buf[0] === 0x78 && (buf[0]! * 256 + buf[1]!) % 31 === 0) return inflateSync(buf, opts);
  } catch {
    return undefined;
  }
  return undefined;
}

/** HTTP/1.1 chunked body to bytes; a malformed size ends it (what came so far is kept). */
export function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let i = 0;
  while (i < body.length) {
    const eol = body.indexOf("\r\n", i, "latin1");
    if (eol < 0) break;
    const size = parseInt(body.subarray(i, eol).toString("latin1").split(";")[0]!, 16);
    if (!Number.isFinite(size) || size <= 0) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** The regular files' contents of a (ustar/GNU) tar archive. */
export function untar(buf: Buffer, maxEntries: number): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0, n = 0; off + 512 <= buf.length && n < maxEntries; n++) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(header.subarray(124, 136).toString("latin1").replace(/\0.*$/, "").trim() || "0", 8);
    if (!Number.isFinite(size) || size < 0) break;
    const type = String.fromCharCode(header[156] || 0x30);
    if (type === "0" || type === "\0" || type === "7") out.push(buf.subarray(off + 512, off + 512 + size));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

function urlDecode(text: string): string {
  return text.replace(/\+/g, " ").replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 without padding, case-insensitive (DNS may change case); undefined if not base32. */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.toUpperCase().replace(/=+$/, "");
  if (!/^[A-Z2-7]+$/.test(clean)) return undefined;
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    value = (value << 5) | B32.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
