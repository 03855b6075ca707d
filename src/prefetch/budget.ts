import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PrefetchError } from "./error.js";

/** How often a running download's folders are measured; a 250 ms overshoot is bounded by link speed. */
const POLL_MS = 250;

/**
 * Runs one download (pip, npm) and stops it once the folders it writes to hold more than `maxBytes`:
 * a skill's dependency list is the skill author's input, and without a cap one `torch` line, or a
 * hostile package graph, fills the marketplace's disk and ties a worker up until the timeout.
 */
export async function withinBudget<R>(dirs: readonly string[], maxBytes: number, what: string, signal: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<R>): Promise<R> {
  const stop = new AbortController();
  const onOuter = () => stop.abort(signal?.reason);
  if (signal?.aborted) stop.abort(signal.reason);
  else signal?.addEventListener("abort", onOuter, { once: true });
  let over: number | undefined;
  const timer = setInterval(() => {
    const used = dirs.reduce((n, d) => n + treeBytes(d), 0);
    if (used > maxBytes && over === undefined) {
      over = used;
      stop.abort();
    }
  }, POLL_MS);
  try {
    const result = await run(stop.signal);
    if (over !== undefined) throw tooLarge(what, maxBytes, over);
    return result;
  } catch (err) {
    if (over !== undefined) throw tooLarge(what, maxBytes, over);
    throw err;
  } finally {
    clearInterval(timer);
    signal?.removeEventListener("abort", onOuter);
  }
}

/** Checks a size known before or during a download (an sdist's Content-Length, bytes read so far). */
export function checkBudget(bytes: number, maxBytes: number, what: string): void {
  if (bytes > maxBytes) throw tooLarge(what, maxBytes, bytes);
}

function tooLarge(what: string, maxBytes: number, seen: number): PrefetchError {
  return new PrefetchError("PREFETCH_TOO_LARGE", `${what} downloads more than the prefetch budget of ${mib(maxBytes)} (stopped at ${mib(seen)})`,
    "raise SKILLSIGN_PREFETCH_MAX_MB to build skills with larger dependencies");
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 2 : 0)} MiB`;
}

/** Bytes under `path`; files that vanish mid-walk (pip moves its temporary downloads) count as 0. */
export function treeBytes(path: string): number {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.isFile() ? st.size : 0;
  let n = 0;
  let names: string[] = [];
  try {
    names = readdirSync(path);
  } catch {
    return 0;
  }
  for (const name of names) n += treeBytes(join(path, name));
  return n;
}
