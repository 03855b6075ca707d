import { constants as fsc } from "node:fs";
import * as fs from "node:fs/promises";
import { encodedForms, type Canary } from "./canaries.js";

/** Bytes of context kept around a sighting, so the analysis (and the redacted evidence) can show it. */
const CONTEXT = 120;
const CHUNK = 1024 * 1024;

/**
 * Searches a stream of any length for canary values (in every encoded form) with bounded memory:
 * each chunk is searched together with the tail of the previous one (longest form − 1 bytes), so a
 * value split across chunks is still found. Replaces "read the first 1 MiB / 64 KB" caps that a
 * skill could pad its way past.
 */
export class CanaryStreamScanner {
  private readonly forms: Array<{ canary: Canary; form: Buffer }>;
  private readonly overlap: number;
  private tail = Buffer.alloc(0);
  private readonly hits = new Map<Canary, string>();
  bytes = 0;

  constructor(canaries: readonly Canary[]) {
    this.forms = canaries.flatMap((canary) => encodedForms(canary.value).map((f) => ({ canary, form: Buffer.from(f, "utf8") })));
    this.overlap = Math.max(0, ...this.forms.map((f) => f.form.length)) - 1 + CONTEXT;
  }

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.hits.size === new Set(this.forms.map((f) => f.canary)).size) return; // all found already
    const buf = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    for (const { canary, form } of this.forms) {
      if (this.hits.has(canary)) continue;
      const at = buf.indexOf(form);
      if (at >= 0) this.hits.set(canary, buf.subarray(Math.max(0, at - CONTEXT), at + form.length + CONTEXT).toString("utf8"));
    }
    this.tail = Buffer.from(buf.subarray(Math.max(0, buf.length - this.overlap)));
  }

  /** Canaries seen, each with a short excerpt around its first sighting. */
  found(): Array<{ canary: Canary; excerpt: string }> {
    return [...this.hits].map(([canary, excerpt]) => ({ canary, excerpt }));
  }

  /** The excerpts joined: text in which findCanaries() sees every canary this scanner found. */
  excerptText(): string {
    return this.found()
      .map((h) => h.excerpt)
      .join("\n…\n");
  }
}

/** Scans a whole regular file the guest may have written (no symlink following, no FIFOs). */
export async function scanFile(path: string, canaries: readonly Canary[]): Promise<CanaryStreamScanner | undefined> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(path, fsc.O_RDONLY | fsc.O_NOFOLLOW | fsc.O_NONBLOCK);
    if (!(await fh.stat()).isFile()) return undefined;
    const scanner = new CanaryStreamScanner(canaries);
    const buf = Buffer.alloc(CHUNK);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      scanner.push(buf.subarray(0, bytesRead));
    }
    return scanner;
  } catch {
    return undefined;
  } finally {
    await fh?.close();
  }
}
