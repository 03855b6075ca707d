import { readSnapshotText } from "../../snapshot/read.js";
import type { Snapshot } from "../../snapshot/snapshot.types.js";
import { networkFindings } from "./network-analyse.js";
import type { AnalysisContext, CommandObservation } from "./observe.types.js";

/** Headers that carry credentials: a request with one of them is never "just a lookup". */
const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie"];

/**
 * Evidence-weighted: HTTP client libraries (Python's requests and httpx, pip, curl with --netrc)
 * open ~/.netrc by themselves to look up credentials for the host they are about to call, so a
 * benign skill that makes one web request "reads" the planted netrc. The read is treated as that
 * implicit lookup only when everything around it says so:
 * - it is a read (no write), and the skill's own files never name netrc (code that opens it on
 *   purpose has to spell it, and then the read keeps its full weight);
 * - the same command made at least one HTTP request, and every network finding of that command
 *   is low (declared hosts, the stage's placeholder URL, or an inferred host of a skill that
 *   declares no network) — any other destination keeps the read high;
 * - no request carries a body or a credential header.
 * What it cannot see: a skill that obfuscates the file name and smuggles a transformed secret in a
 * GET query to a host it declares (docs/behavior.md, "Implicit credential lookups").
 * A planted secret that leaves in clear or encoded form is canary-exfil either way.
 */
export function implicitNetrcLookup(run: CommandObservation, ctx: AnalysisContext): boolean {
  if (ctx.namesNetrc) return false;
  const sink = run.sinkhole?.started ? run.sinkhole : undefined;
  const requests = sink?.conns.flatMap((c) => c.requests) ?? [];
  if (requests.length === 0) return false;
  if (sink!.conns.some((c) => c.requests.length === 0)) return false; // a raw connection, not a web request
  if (requests.some((q) => q.bodyBytes > 0 || CREDENTIAL_HEADERS.some((h) => h in q.headers))) return false;
  return networkFindings(run, ctx).every((f) => f.severity === "low" || f.severity === "info");
}

/** Whether any of the skill's own text files spells "netrc" (in any case). */
export function namesNetrc(snap: Snapshot): boolean {
  return snap.files.some((f) => {
    const t = readSnapshotText(snap, f.path);
    return t.ok && /netrc/i.test(t.text);
  });
}
