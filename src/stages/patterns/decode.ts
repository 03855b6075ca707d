/** A base64 blob and the text it decodes to (only blobs that decode to mostly printable text are kept). */
export interface DecodedBlob {
  index: number;
  length: number;
  decoded: string;
}

const MIN_BLOB = 24;
const MAX_BLOB_CHARS = 64 * 1024;
const MAX_BLOBS_PER_FILE = 200;

/** Finds base64 blobs and decodes them, one level of nesting included (base64 of base64). */
export function decodeBase64Blobs(text: string): DecodedBlob[] {
  const out: DecodedBlob[] = [];
  for (const m of base64Runs(text)) {
    if (out.length >= MAX_BLOBS_PER_FILE) break;
    if (m.text.length > MAX_BLOB_CHARS) continue;
    let decoded = decodePrintable(m.text);
    if (decoded === undefined) continue;
    const inner = /^\s*([A-Za-z0-9+/]{24,}={0,2})\s*$/.exec(decoded);
    if (inner) decoded = decodePrintable(inner[1]!) ?? decoded;
    out.push({ index: m.index, length: m.text.length, decoded });
  }
  return out;
}

/**
 * The matches of /[A-Za-z0-9+/]{24,}={0,2}/g, found in one pass: every maximal run of base64
 * characters at least 24 long, with up to two "=" after it. (The regex retried up to 24 characters
 * at every position of a long identifier, and was the costliest step of the stage on real skills.)
 */
export function* base64Runs(text: string): Generator<{ index: number; text: string }> {
  let i = 0;
  while (i < text.length) {
    if (!isBase64(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && isBase64(text.charCodeAt(i))) i++;
    if (i - start < MIN_BLOB) continue;
    let end = i;
    while (end < text.length && end - i < 2 && text.charCodeAt(end) === 0x3d) end++;
    yield { index: start, text: text.slice(start, end) };
    i = end;
  }
}

const BASE64 = Uint8Array.from({ length: 128 }, (_, c) => (/[A-Za-z0-9+/]/.test(String.fromCharCode(c)) ? 1 : 0));

function isBase64(c: number): boolean {
  return c < 128 && BASE64[c] === 1;
}

function decodePrintable(blob: string): string | undefined {
  // Blobs whose length cannot be base64 are identifiers or hashes, not encoded payloads.
  if (blob.replace(/=+$/, "").length % 4 === 1) return undefined;
  const text = Buffer.from(blob, "base64").toString("latin1");
  if (text.length < 12) return undefined;
  let printable = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x09 || c === 0x0d) printable++;
  }
  return printable / text.length >= 0.9 ? text : undefined;
}
