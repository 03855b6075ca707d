import { createHash } from "node:crypto";
import { encodedForms, findCanaries, type Canary } from "./canaries.js";
import { isPersistencePath, writeArea } from "./classify.js";
import type { EventTriage } from "./trace-log.js";
import type { TraceEvent } from "./trace.types.js";

export interface TriageContext {
  baitPaths: ReadonlySet<string>;
  canaries: readonly Canary[];
  guestWork: string;
  guestHome: string;
}

/**
 * Decides, while the log streams, what the analysis needs: the bulk (library reads, writes inside
 * the work dir, payloads without a canary) is dropped; evidence of the attacks the stage exists
 * for (bait opens, canaries in data or argv, persistence) is "priority", which padding with
 * harmless calls can never crowd out.
 */
export function triageEvent(ctx: TriageContext): (e: TraceEvent) => EventTriage {
  const outside = (path: string) => writeArea(path, ctx.guestWork, ctx.guestHome) !== "allowed";
  const secrets = ctx.canaries.filter((c) => c.kind === "secret");
  return (e) => {
    switch (e.kind) {
      case "open":
        if (ctx.baitPaths.has(e.path) || (e.write && isPersistencePath(e.path, ctx.guestHome))) return "priority";
        return e.write && outside(e.path) ? "keep" : "drop";
      case "fs-change":
        if (isPersistencePath(e.path, ctx.guestHome)) return "priority";
        return outside(e.path) ? "keep" : "drop";
      case "file-write":
      case "send":
        return findCanaries(e.data, ctx.canaries).length > 0 ? "priority" : "drop";
      case "exec":
        return findCanaries(e.argv.join(" "), secrets).length > 0 ? "priority" : "keep";
      default:
        return "keep";
    }
  };
}

/** Only canary values make a written buffer matter (as ASCII they stay unescaped in the log). */
const PRINTABLE = /^[\x21-\x7e]+$/;
const BIG = 64 * 1024;

/**
 * Decides from the quoted text whether a write buffer needs decoding: only if a canary form is in
 * it. Big buffers written again and again (a flood) are searched once, by content hash.
 */
export function bufferFilter(canaries: readonly Canary[]): (raw: string) => boolean {
  const forms = canaries.flatMap((c) => encodedForms(c.value));
  if (!forms.every((f) => PRINTABLE.test(f) && !f.includes('"') && !f.includes("\\"))) return () => true; // cannot pre-filter safely
  const seen = new Map<string, boolean>();
  return (raw) => {
    if (raw.length < BIG) return forms.some((f) => raw.includes(f));
    const key = createHash("sha1").update(raw).digest("base64");
    let hit = seen.get(key);
    if (hit === undefined) {
      hit = forms.some((f) => raw.includes(f));
      if (seen.size < 10_000) seen.set(key, hit);
    }
    return hit;
  };
}
