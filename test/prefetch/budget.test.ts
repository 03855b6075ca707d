import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { withinBudget } from "../../src/prefetch/budget.js";
import { prefetchConfig } from "../../src/prefetch/config.js";
import { PrefetchError } from "../../src/prefetch/error.js";
import { prefetchNpm } from "../../src/prefetch/npm.js";
import { fetchSdist } from "../../src/prefetch/sdist.js";

// The download budget against real processes, the real npm registry and a loopback index
// (the pip path through the build stage is in test/stages/build-prefetch.test.ts).
const root = mkdtempSync(join(tmpdir(), "skillsign-budget-"));
const MiB = 1048576;

const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err, "the download was not stopped").toBeInstanceOf(PrefetchError);
  return err as PrefetchError;
};

/** A child that writes 256 KiB every 20 ms into `dir` until killed (or 200 chunks). */
const writer = (dir: string, signal: AbortSignal) =>
  new Promise<string>((resolve, reject) => {
    const code = `const fs=require("fs");let i=0;const t=setInterval(()=>{fs.writeFileSync(process.argv[1]+"/c"+i,Buffer.alloc(262144));if(++i>=200){clearInterval(t)}},20)`;
    execFile(process.execPath, ["-e", code, dir], { signal }, (err) => (err && !signal.aborted ? reject(err) : resolve(signal.aborted ? "stopped" : "done")));
  });

const bytesIn = (dir: string) => readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);

describe("prefetch budget", () => {
  it("stops a download whose folder passes the budget and says how far it got", async () => {
    const dir = join(root, "grow");
    mkdirSync(dir);
    const err = await refusal(withinBudget([dir], 2 * MiB, "pip download", undefined, (s) => writer(dir, s)));
    expect(err.code).toBe("PREFETCH_TOO_LARGE");
    expect(err.message).toMatch(/^pip download downloads more than the prefetch budget of 2\.00 MiB \(stopped at \d+\.\d\d MiB\)$/);
    const at = bytesIn(dir);
    expect(at).toBeLessThan(50 * 262144); // killed long before its 200 chunks
    await new Promise((r) => setTimeout(r, 300));
    expect(bytesIn(dir)).toBe(at); // and it stays stopped
  }, 30_000);

  it("lets a download under the budget finish, and an outer cancel still cancels", async () => {
    const dir = join(root, "small");
    mkdirSync(dir);
    const small = (s: AbortSignal) => new Promise<string>((resolve) => execFile(process.execPath, ["-e", `require("fs").writeFileSync(process.argv[1]+"/x",Buffer.alloc(1000))`, dir], { signal: s }, () => resolve("done")));
    await expect(withinBudget([dir], MiB, "pip download", undefined, small)).resolves.toBe("done");
    const outer = new AbortController();
    const dir2 = join(root, "cancel");
    mkdirSync(dir2);
    setTimeout(() => outer.abort(), 100);
    await expect(withinBudget([dir2], 1000 * MiB, "npm", outer.signal, (s) => writer(dir2, s))).resolves.toBe("stopped");
  }, 30_000);

  it("npm: a lock resolved from the real registry past the budget is refused, not half-cached", async () => {
    const home = mkdtempSync(join(root, "npm-"));
    const config = { ...prefetchConfig({ SKILLSIGN_PREFETCH_MAX_MB: "0.5" }, home) };
    const err = await refusal(prefetchNpm({ packages: ["typescript@5.6.3"], outDir: join(home, "out") }, config, { PATH: process.env.PATH, HOME: home }));
    expect(err.code).toBe("PREFETCH_TOO_LARGE");
    expect(err.message).toContain("budget of 0.50 MiB");
    // Nothing complete was stored for reuse.
    const stored = existsSync(config.cacheDir) ? readdirSync(config.cacheDir, { recursive: true }).map(String) : [];
    expect(stored.filter((f) => f.endsWith(".skillsign-complete"))).toEqual([]);
  }, 180_000);

  it("sdist: refused on Content-Length before reading, and on the bytes read when the length is absent", async () => {
    const big = Buffer.alloc(3 * MiB, 1);
    const server = createServer((req, res) => {
      if (req.url === "/simple/bigpkg/") {
        res.setHeader("content-type", "application/vnd.pypi.simple.v1+json");
        const url = (p: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${p}`;
        res.end(JSON.stringify({ files: [
          { filename: "bigpkg-1.0.tar.gz", url: url("/f/len/bigpkg-1.0.tar.gz"), hashes: { sha256: "a".repeat(64) } },
          { filename: "bigpkg-2.0.tar.gz", url: url("/f/chunked/bigpkg-2.0.tar.gz"), hashes: { sha256: "b".repeat(64) } },
        ] }));
      } else if (req.url?.startsWith("/f/len/")) {
        res.setHeader("content-length", big.length);
        res.end(big);
      } else if (req.url?.startsWith("/f/chunked/")) {
        res.write(big.subarray(0, MiB));
        res.write(big.subarray(MiB, 2 * MiB));
        res.end(big.subarray(2 * MiB));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    afterAll(() => server.close());
    const index = `http://127.0.0.1:${(server.address() as AddressInfo).port}/simple/`;
    const dest = join(root, "sdist");
    for (const version of ["1.0", "2.0"]) {
      const err = await refusal(fetchSdist("bigpkg", version, undefined, index, dest, MiB));
      expect(err.code, version).toBe("PREFETCH_TOO_LARGE");
      expect(err.message).toContain("the sdist bigpkg-");
    }
    expect(() => readdirSync(dest)).toThrow(); // nothing written
  }, 30_000);
});
