import type { FileEntry } from "../snapshot/snapshot.types.js";
import type { Permissions } from "../skill/permissions.js";
import type { SubmissionRecord } from "../store/store.types.js";

export interface FileChange {
  path: string;
  change: "added" | "removed" | "changed";
  /** For "changed": which facts differ. */
  what?: ("content" | "size" | "executable")[];
}

export interface PermissionChange {
  field: string;
  added: string[];
  removed: string[];
}

export interface VersionDiff {
  /** The approved submission compared against; undefined for a skill never approved before. */
  baseline?: { id: number; version: string; contentHash: string | null };
  files: FileChange[];
  permissions: PermissionChange[];
}

/** What changed since the last approved version: files from the manifests, permissions per field. */
export function diffSubmissions(baseline: SubmissionRecord | undefined, current: SubmissionRecord): VersionDiff {
  const base = baseline ? { id: baseline.id, version: baseline.version, contentHash: baseline.contentHash } : undefined;
  return {
    baseline: base,
    files: diffFiles(baseline?.files ?? [], current.files ?? []),
    permissions: diffPermissions(baseline?.permissions ?? null, current.permissions ?? null),
  };
}

export function diffFiles(before: readonly FileEntry[], after: readonly FileEntry[]): FileChange[] {
  const old = new Map(before.map((f) => [f.path, f]));
  const now = new Map(after.map((f) => [f.path, f]));
  const out: FileChange[] = [];
  for (const [path, f] of now) {
    const prev = old.get(path);
    if (!prev) out.push({ path, change: "added" });
    else {
      const what: FileChange["what"] = [];
      if (prev.sha256 !== f.sha256) what.push("content");
      if (prev.size !== f.size) what.push("size");
      if (prev.executable !== f.executable) what.push("executable");
      if (what.length) out.push({ path, change: "changed", what });
    }
  }
  for (const path of old.keys()) if (!now.has(path)) out.push({ path, change: "removed" });
  return out.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}

/** Each permissions field compared as a set (install steps by their canonical JSON). */
export function diffPermissions(before: Permissions | null, after: Permissions | null): PermissionChange[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  fields.delete("schemaVersion");
  const out: PermissionChange[] = [];
  for (const field of [...fields].sort()) {
    const a = asItems((before as unknown as Record<string, unknown> | null)?.[field]);
    const b = asItems((after as unknown as Record<string, unknown> | null)?.[field]);
    const added = b.filter((x) => !a.includes(x));
    const removed = a.filter((x) => !b.includes(x));
    if (added.length || removed.length) out.push({ field, added, removed });
  }
  return out;
}

function asItems(v: unknown): string[] {
  if (!Array.isArray(v)) return v === undefined || v === null ? [] : [JSON.stringify(v)];
  return v.map((x) => (typeof x === "string" ? x : JSON.stringify(x)));
}
