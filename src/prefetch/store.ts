import { createHash, randomUUID } from "node:crypto";
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ResolvedPackage } from "./prefetch.types.js";

/**
 * The prefetch cache: every downloaded file is stored once under its sha256
 * (`blobs/sha256/ab/<hex>`); a resolution (what a set of requirements became) is a small JSON
 * under `resolutions/<input hash>.json`. Shared by every skill and every run.
 */
export class PrefetchStore {
  constructor(readonly root: string) {}

  blobPath(sha256: string): string {
    return join(this.root, "blobs", "sha256", sha256.slice(0, 2), sha256);
  }

  /** Copies a downloaded file in; returns its sha256. */
  putFile(path: string): string {
    const bytes = readFileSync(path);
    const sha = sha256Hex(bytes);
    const dest = this.blobPath(sha);
    if (!existsSync(dest)) atomicWrite(dest, bytes);
    return sha;
  }

  /** Re-hashes a blob: a cache entry is trusted only if its bytes still match its name. */
  verified(sha256: string): boolean {
    const p = this.blobPath(sha256);
    return existsSync(p) && sha256Hex(readFileSync(p)) === sha256;
  }

  /** Places a blob at `dest` (hard link when possible, else a copy). */
  materialise(sha256: string, dest: string): void {
    mkdirSync(dirname(dest), { recursive: true });
    try {
      linkSync(this.blobPath(sha256), dest);
    } catch {
      copyFileSync(this.blobPath(sha256), dest);
    }
  }

  readResolution(key: string): ResolvedPackage[] | undefined {
    const p = join(this.root, "resolutions", `${key}.json`);
    if (!existsSync(p)) return undefined;
    try {
      const v = JSON.parse(readFileSync(p, "utf8")) as { packages?: ResolvedPackage[] };
      return Array.isArray(v.packages) ? v.packages : undefined;
    } catch {
      return undefined;
    }
  }

  writeResolution(key: string, packages: ResolvedPackage[], extra: Record<string, unknown> = {}): void {
    atomicWrite(join(this.root, "resolutions", `${key}.json`), JSON.stringify({ ...extra, packages }, null, 2));
  }
}

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function atomicWrite(dest: string, data: string | Buffer): void {
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = `${dest}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, dest);
}
