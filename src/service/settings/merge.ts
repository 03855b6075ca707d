import { REDACTED, redactValue } from "../../redact.js";
import { ServiceError } from "../errors.js";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Applies a PATCH to the stored settings: objects merge key by key, `null` deletes, anything else
 * replaces — except the string `********`, which a client got from GET and sends back unchanged:
 * it keeps the stored value at that place (or is refused if there is none, so the mask itself is never stored).
 */
export function mergeSettings(stored: Json | undefined, patch: Json, path = ""): Json | undefined {
  if (patch === REDACTED) {
    if (stored === undefined) throw new ServiceError("BAD_REQUEST", `${path || "settings"}: "${REDACTED}" stands for a stored secret, but none is stored here`);
    return stored;
  }
  if (patch === null) return undefined;
  if (Array.isArray(patch)) {
    // Arrays replace, but an element sent back masked keeps the stored element at the same index.
    const old = Array.isArray(stored) ? stored : [];
    return patch.map((p, i) => mergeSettings(old[i], p, `${path}[${i}]`) ?? null);
  }
  if (typeof patch === "object") {
    const base = stored !== null && typeof stored === "object" && !Array.isArray(stored) ? { ...stored } : {};
    for (const [k, v] of Object.entries(patch)) {
      const next = mergeSettings(base[k], v, path ? `${path}.${k}` : k);
      if (next === undefined) delete base[k];
      else base[k] = next;
    }
    return base;
  }
  return patch;
}

/** What GET returns: secret-like fields at any depth shown as ********. */
export function visibleSettings(s: Json): Json {
  return redactValue(s);
}
