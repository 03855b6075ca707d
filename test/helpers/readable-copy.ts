/**
 * Tests that drop to `nobody` (chmod 000 really denies, setup without root) run a child that
 * must read dist/ and node_modules. A clone inside a private folder (mode 0700, like most home
 * directories) is unreachable for nobody, so those children get a world-readable copy of the
 * package in the temp dir instead: dist, the assets and the production dependencies (hard links
 * where the file system allows, copies otherwise). When the clone is already reachable, it is
 * used as it is.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";

const REPO_ROOT = resolve(import.meta.dirname, "../..");

const ASSETS = ["package.json", "policy.yaml", "patterns", "rules", "data", "scripts", "docker"];
let copy: string | undefined;

/** True when `other` users (nobody) can traverse every ancestor of `path` and read it. */
export function reachableByOthers(path: string): boolean {
  for (let d = path; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    if (d === dirname(d)) break;
  }
  return (statSync(path).mode & 0o004) !== 0;
}

/** The package root a child running as nobody can load: the clone, or a readable copy of it. */
export function packageRootForNobody(): string {
  if (reachableByOthers(join(REPO_ROOT, "dist/bin/skillsign.js"))) return REPO_ROOT;
  if (copy) return copy;
  const root = mkdtempSync(join(tmpdir(), "skillsign-readable-"));
  cpSync(join(REPO_ROOT, "dist"), join(root, "dist"), { recursive: true });
  for (const entry of ASSETS) if (existsSync(join(REPO_ROOT, entry))) cpSync(join(REPO_ROOT, entry), join(root, entry), { recursive: true });
  for (const pkg of productionPackages()) linkTree(pkg, join(root, relative(REPO_ROOT, pkg)));
  openUp(root);
  process.once("exit", removeReadableCopy);
  return (copy = root);
}

/** Removes the copy (afterAll of the tests that use it; also on exit). */
export function removeReadableCopy(): void {
  if (copy) rmSync(copy, { recursive: true, force: true });
  copy = undefined;
}

/** Folders of the production dependencies (npm's own resolution, nested copies included). */
function productionPackages(): string[] {
  const r = spawnSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], { cwd: REPO_ROOT, encoding: "utf8" });
  return r.stdout.split("\n").filter((p) => p.startsWith(join(REPO_ROOT, "node_modules")));
}

function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const [src, dst] = [join(from, e.name), join(to, e.name)];
    if (e.isDirectory()) {
      // Nested node_modules are listed by npm on their own when they are production packages.
      if (e.name !== "node_modules") linkTree(src, dst);
    } else if (e.isFile() && !existsSync(dst)) {
      try {
        linkSync(src, dst);
        // A hard link shares the inode's mode: copy instead when others cannot read it.
        if ((statSync(dst).mode & 0o004) === 0) throw new Error("not readable by others");
      } catch {
        spawnSync("rm", ["-f", dst]);
        copyFileSync(src, dst);
      }
    }
  }
}

/** Directories 0755 and files readable by others, like an installed package. */
function openUp(dir: string): void {
  chmodSync(dir, 0o755);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) openUp(p);
    else if (e.isFile()) {
      const mode = statSync(p).mode;
      if ((mode & 0o004) === 0) chmodSync(p, (mode & 0o777) | 0o044);
    }
  }
}
