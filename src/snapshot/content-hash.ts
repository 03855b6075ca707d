import { createHash } from "node:crypto";
import { compareUtf8 } from "./paths.js";
import { InternalError } from "../errors.js";

/** The fields of a file that the content hash covers (docs/signature-format.md §1). */
export interface ContentHashEntry {
  path: string;
  executable: boolean;
  size: number;
  sha256: string;
}

const DOMAIN = Buffer.from("skillsign/content/v1\0", "utf8");

/**
 * SHA-256 over a length-framed list of (path, executable bit, size, file SHA-256),
 * sorted by the UTF-8 bytes of the path. Framing makes every field boundary unambiguous,
 * so no two different trees can produce the same byte stream.
 */
export function contentHash(entries: readonly ContentHashEntry[]): string {
  const sorted = [...entries].sort((a, b) => compareUtf8(a.path, b.path));
  const h = createHash("sha256");
  h.update(DOMAIN);
  h.update(u64(sorted.length));
  let previous: string | undefined;
  for (const e of sorted) {
    if (previous !== undefined && compareUtf8(previous, e.path) === 0) {
      throw new InternalError("INTERNAL_ERROR", `duplicate path in manifest: ${JSON.stringify(e.path)}`);
    }
    previous = e.path;
    if (!/^[0-9a-f]{64}$/.test(e.sha256)) throw new InternalError("INTERNAL_ERROR", `bad sha256 for ${JSON.stringify(e.path)}`);
    const path = Buffer.from(e.path, "utf8");
    h.update(u32(path.length));
    h.update(path);
    h.update(Buffer.of(e.executable ? 1 : 0));
    h.update(u64(e.size));
    h.update(Buffer.from(e.sha256, "hex"));
  }
  return h.digest("hex");
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}
