/** Just enough DER to write one self-signed CA certificate (the run's sandbox CA, ca.ts). */

export function tlv(tag: number, body: Buffer): Buffer {
  const n = body.length;
  if (n < 0x80) return Buffer.concat([Buffer.from([tag, n]), body]);
  const raw: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) raw.unshift(v & 0xff);
  return Buffer.concat([Buffer.from([tag, 0x80 | raw.length, ...raw]), body]);
}

export const seq = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));

export function integer(bytes: Buffer): Buffer {
  // A leading 0 keeps a positive number positive.
  return tlv(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

export function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split(".").map(Number) as [number, number, ...number[]];
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

export const name = (cn: string): Buffer => seq(tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0c, Buffer.from(cn, "utf8")))));

/** UTCTime YYMMDDHHMMSSZ (valid until 2049). */
export function utcTime(d: Date): string {
  return `${d.toISOString().slice(2, 19).replace(/[-T:]/g, "")}Z`;
}
