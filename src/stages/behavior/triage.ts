import { findCanaries, type Canary } from "./canaries.js";
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
