import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkBudget } from "./budget.js";
import { PrefetchError } from "./error.js";
import { sha256Hex } from "./store.js";

/** One sdist skillsign downloaded itself: pip would run its build backend on the host to read its metadata. */
export interface FetchedSdist {
  file: string;
  sha256: string;
}

const norm = (n: string) => n.toLowerCase().replace(/[-_.]+/g, "-");

/**
 * Downloads the sdist of `name` (at `version`, else the index's newest) from a PEP 503/691 simple
 * index into `dest`, checking the index's sha256 and, in hash mode, the skill's own hashes. Nothing
 * in it is run here: it is built only by pip inside the sandboxed build.
 */
export async function fetchSdist(name: string, version: string | undefined, allowed: ReadonlySet<string> | undefined, index: string, dest: string, maxBytes: number, signal?: AbortSignal): Promise<FetchedSdist> {
  const page = `${index.replace(/\/?$/, "/")}${norm(name)}/`;
  const res = await fetch(page, { headers: { Accept: "application/vnd.pypi.simple.v1+json, text/html;q=0.1" }, signal });
  if (!res.ok) throw new PrefetchError("PREFETCH_FAILED", `the index has no page for ${name} (${res.status})`);
  const links = parseIndex(await res.text(), res.headers.get("content-type") ?? "", page);
  const sdists = links.filter((l) => !l.yanked && sdistVersion(l.file, name) !== undefined);
  const finals = sdists.filter((l) => !/[a-z]/i.test(sdistVersion(l.file, name)!)).sort((a, b) => compareVersions(sdistVersion(a.file, name)!, sdistVersion(b.file, name)!));
  const pick = version ? sdists.filter((l) => sameVersion(sdistVersion(l.file, name)!, version)).pop() : finals.pop();
  if (!pick?.sha256) throw new PrefetchError("PREFETCH_FAILED", `no wheel and no sdist with a sha256 for ${name}${version ? `==${version}` : ""}`);
  if (allowed && !allowed.has(pick.sha256)) {
    throw new PrefetchError("PREFETCH_HASH_MISMATCH", `the sdist ${pick.file} does not match the hashes the skill pins`, `Expected sha256 one of ${[...allowed].join(", ")}\n Got ${pick.sha256} (index)`);
  }
  const got = await fetch(pick.url, { signal });
  if (!got.ok) throw new PrefetchError("PREFETCH_FAILED", `download of ${pick.file} failed (${got.status})`);
  const bytes = await boundedBody(got, maxBytes, `the sdist ${pick.file}`);
  const sha = sha256Hex(bytes);
  if (sha !== pick.sha256) throw new PrefetchError("PREFETCH_HASH_MISMATCH", `${pick.file} does not match the index's sha256`, `Expected sha256 ${pick.sha256}\n Got ${sha}`);
  mkdirSync(dest, { recursive: true });
  writeFileSync(join(dest, pick.file), bytes);
  return { file: pick.file, sha256: sha };
}

/** The response body, refused as soon as its Content-Length or the bytes read pass `maxBytes`. */
async function boundedBody(res: Response, maxBytes: number, what: string): Promise<Buffer> {
  checkBudget(Number(res.headers.get("content-length") ?? 0), maxBytes, what);
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of res.body ?? []) {
    n += chunk.byteLength;
    if (n > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      checkBudget(n, maxBytes, what);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

interface IndexLink {
  file: string;
  url: string;
  sha256?: string;
  yanked: boolean;
}

function parseIndex(body: string, type: string, page: string): IndexLink[] {
  if (type.includes("json")) {
    const doc = JSON.parse(body) as { files?: { filename: string; url: string; hashes?: { sha256?: string }; yanked?: unknown }[] };
    return (doc.files ?? []).map((f) => ({ file: f.filename, url: new URL(f.url, page).href, sha256: f.hashes?.sha256, yanked: Boolean(f.yanked) }));
  }
  const out: IndexLink[] = [];
  for (const m of body.matchAll(/<a\s[^>]*href="([^"]+)"[^>]*>([^<]+)<\/a>/gi)) {
    const href = m[1]!.replace(/&amp;/g, "&");
    out.push({ file: m[2]!.trim(), url: new URL(href, page).href.replace(/#.*$/, ""), sha256: /#sha256=([0-9a-f]{64})/.exec(href)?.[1], yanked: /data-yanked/.test(m[0]) });
  }
  return out;
}

/** The version in an sdist file name of `name`, or undefined for wheels and other projects' files. */
export function sdistVersion(file: string, name: string): string | undefined {
  const m = /^(.+)-([^-]+)\.(tar\.gz|zip)$/.exec(file);
  return m && norm(m[1]!) === norm(name) ? m[2] : undefined;
}

/** Numeric comparison of final release versions (1.10 after 1.9); an index need not list files in order. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** PEP 440 release equality for the common cases: `0.18` is `0.18.0`. */
export function sameVersion(a: string, b: string): boolean {
  const numeric = /^\d+(\.\d+)*$/;
  return numeric.test(a) && numeric.test(b) ? compareVersions(a, b) === 0 : a.toLowerCase() === b.toLowerCase();
}
