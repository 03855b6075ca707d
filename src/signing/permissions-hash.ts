import canonicalize from "canonicalize";
import type { Permissions } from "../skill/permissions.js";
import { sha256Hex } from "../snapshot/content-hash.js";
import { InternalError } from "../errors.js";

/** RFC 8785 (JCS) canonical JSON: the one byte form two implementations agree on. */
export function canonicalJson(value: unknown): string {
  const out = canonicalize(value);
  if (out === undefined) throw new InternalError("INTERNAL_ERROR", "value cannot be canonicalised");
  return out;
}

export function permissionsHash(permissions: Permissions): string {
  return sha256Hex(Buffer.from(canonicalJson(permissions), "utf8"));
}
