/** A base64 blob and the text it decodes to (only blobs that decode to mostly printable text are kept). */
export interface DecodedBlob {
  index: number;
  length: number;
  decoded: string;
}

const BLOB = /[A-Za-z0-9+/]{24,}={0,2}/g;
const MAX_BLOB_CHARS = 64 * 1024;
const MAX_BLOBS_PER_FILE = 200;

/** Finds base64 blobs and decodes them, one level of nesting included (base64 of base64). */
export function decodeBase64Blobs(text: string): DecodedBlob[] {
  const out: DecodedBlob[] = [];
  BLOB.lastIndex = 0;
  for (let m = BLOB.exec(text); m && out.length < MAX_BLOBS_PER_FILE; m = BLOB.exec(text)) {
    if (m[0].length > MAX_BLOB_CHARS) continue;
    let decoded = decodePrintable(m[0]);
    if (decoded === undefined) continue;
    const inner = /^\s*([A-Za-z0-9+/]{24,}={0,2})\s*$/.exec(decoded);
    if (inner) decoded = decodePrintable(inner[1]!) ?? decoded;
    out.push({ index: m.index, length: m[0].length, decoded });
  }
  return out;
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
