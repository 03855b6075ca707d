// Which modules a CLI process loads, seen with a real loader hook (shared by the help-loads and
// light-verify-entry tests): `--import <hook>` makes node print "LOADED <url>" on stderr for
// every ES module it loads and, at exit, for every CommonJS module in require's cache.
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const REPO = resolve(import.meta.dirname, "..", "..");

/** Writes the hook into `dir` and returns the file to pass to `node --import`. */
export function writeLoadHook(dir: string): string {
  writeFileSync(join(dir, "hook.mjs"), `export async function load(url, ctx, next) { process._rawDebug("LOADED " + url); return next(url, ctx); }\n`);
  const hook = join(dir, "register.mjs");
  // require() (e.g. a lazily loaded yaml) bypasses the ESM hook: the CommonJS cache is listed at exit.
  writeFileSync(
    hook,
    [
      `import { createRequire, register } from "node:module";`,
      `register(${JSON.stringify(`file://${join(dir, "hook.mjs")}`)});`,
      `const cache = createRequire(import.meta.url).cache;`,
      `process.on("exit", () => { for (const k of Object.keys(cache)) process._rawDebug("LOADED file://" + k); });`,
    ].join("\n"),
  );
  return hook;
}

/** The module URLs the hook printed on `stderr`. */
export const loadedOf = (stderr: string): string[] => stderr.split("\n").filter((l) => l.startsWith("LOADED ")).map((l) => l.slice(7));

/** The npm packages (scoped names kept) among module URLs, sorted, each once. */
export function packagesOf(urls: string[]): string[] {
  const names = urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((n): n is string => n !== undefined);
  return [...new Set(names)].sort();
}

/** skillsign's own modules among module URLs, as paths under dist/src/. */
export function srcOf(urls: string[]): string[] {
  const prefix = `file://${REPO}/dist/src/`;
  return urls.filter((u) => u.startsWith(prefix)).map((u) => u.slice(prefix.length));
}
