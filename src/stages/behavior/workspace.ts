import { createHash } from "node:crypto";
import { constants as fsc } from "node:fs";
import * as fs from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Snapshot } from "../../snapshot/snapshot.types.js";
import type { BaitFile } from "./canaries.js";

/** Host side of one behaviour run: a writable copy of the skill and a home full of bait. */
export interface Workspace {
  root: string;
  workDir: string;
  homeDir: string;
}

export interface FileState {
  size: number;
  sha256: string;
}

const SKEL: Record<string, string> = {
  ".bashrc": "# ~/.bashrc\n[ -z \"$PS1\" ] && return\n",
  ".profile": "# ~/.profile\n[ -n \"$BASH_VERSION\" ] && [ -f ~/.bashrc ] && . ~/.bashrc\n",
};

/** Creates the per-run directories, owned by the sandbox user so the guest can write to them. */
export const WORKSPACE_PREFIX = "skillsign-behavior-";

/** `homeSubdirs`: mount points inside the home (the project dir the work dir is mounted on). */
export async function createWorkspace(snap: Snapshot, bait: BaitFile[], uid: number, runId: string, baseDir = tmpdir(), homeSubdirs: string[] = []): Promise<Workspace> {
  // The pid after the prefix lets the next run sweep this workspace if this process is SIGKILLed (sandbox/sweep.ts).
  const root = await fs.mkdtemp(join(baseDir, `${WORKSPACE_PREFIX}${process.pid}-${runId}-`));
  const ws: Workspace = { root, workDir: join(root, "work"), homeDir: join(root, "home") };
  try {
    await fs.mkdir(ws.workDir);
    await fs.mkdir(ws.homeDir);
    for (const f of snap.files) {
      const dest = join(ws.workDir, f.path);
      await fs.mkdir(dirname(dest), { recursive: true });
      await fs.copyFile(join(snap.root, f.path), dest);
      await fs.chmod(dest, f.executable ? 0o755 : 0o644);
    }
    for (const d of homeSubdirs) await fs.mkdir(join(ws.homeDir, d), { recursive: true });
    for (const [name, content] of Object.entries(SKEL)) await fs.writeFile(join(ws.homeDir, name), content, { mode: 0o644 });
    for (const b of bait) {
      const dest = join(b.base === "home" ? ws.homeDir : ws.workDir, b.relPath);
      if (b.base === "work" && (await exists(dest))) continue; // never overwrite the skill's own file
      await fs.mkdir(dirname(dest), { recursive: true, mode: 0o700 });
      await fs.writeFile(dest, b.content, { mode: 0o600 });
    }
    await handOver(root, uid);
  } catch (err) {
    await removeWorkspace(ws);
    throw err;
  }
  return ws;
}

/** chown to the sandbox user when we may (root); otherwise open the tree up so uid 1000 can write. */
async function handOver(root: string, uid: number): Promise<void> {
  const entries = await walk(root);
  for (const [path, isDir] of [[root, true] as const, ...entries.map((e) => [e.path, e.isDir] as const)]) {
    try {
      await fs.lchown(path, uid, uid);
    } catch {
      await fs.chmod(path, isDir ? 0o777 : 0o666);
    }
  }
}

export async function removeWorkspace(ws: Workspace): Promise<void> {
  await fs.rm(ws.root, { recursive: true, force: true, maxRetries: 3 });
}

/** Removes workspaces left by runs whose process was killed (older than maxAgeMs). */
export async function removeStaleWorkspaces(maxAgeMs: number, baseDir = tmpdir(), now = Date.now()): Promise<void> {
  for (const name of await fs.readdir(baseDir).catch(() => [] as string[])) {
    if (!name.startsWith(WORKSPACE_PREFIX)) continue;
    const path = join(baseDir, name);
    const st = await fs.lstat(path).catch(() => undefined);
    if (st?.isDirectory() && now - st.mtimeMs >= maxAgeMs) await fs.rm(path, { recursive: true, force: true }).catch(() => undefined);
  }
}

const EMPTY_SHA256 = createHash("sha256").digest("hex");

/** More entries than this in the writable mounts is itself a resource abuse (the watchdog kills). */
export const MAX_WORKSPACE_ENTRIES = 20_000;

export interface FileStates {
  files: Map<string, FileState>;
  /** False when the walk stopped at MAX_WORKSPACE_ENTRIES: changes past it were not seen. */
  complete: boolean;
}

/** Regular files under dir with hashes of their whole content; never follows links or opens FIFOs. */
export async function fileStates(dir: string, maxEntries = MAX_WORKSPACE_ENTRIES): Promise<FileStates> {
  const files = new Map<string, FileState>();
  const entries = await walk(dir, "", [], maxEntries + 1);
  for (const e of entries.slice(0, maxEntries)) {
    if (!e.isFile) continue;
    // Empty files need no read (a skill making thousands of them must not make the stage crawl).
    const st = e.size === 0 ? { size: 0, sha256: EMPTY_SHA256 } : await hashRegular(join(dir, e.rel));
    if (st) files.set(e.rel, st);
  }
  return { files, complete: entries.length <= maxEntries };
}

/** Files and directories a command may add to the writable mounts before the watchdog kills it. */
export const MAX_NEW_ENTRIES = 10_000;

/**
 * Bytes of regular files and number of entries under dir (the disk watchdog). The walk stops one
 * entry past `maxEntries`, so the watchdog's cost is bounded and exceeding the bound is itself seen.
 */
export async function diskUsage(dir: string, maxEntries = 10 * MAX_WORKSPACE_ENTRIES): Promise<{ bytes: number; entries: number }> {
  const entries = await walk(dir, "", [], maxEntries + 1);
  let bytes = 0;
  for (const e of entries) bytes += e.size;
  return { bytes, entries: entries.length };
}

async function hashRegular(path: string): Promise<FileState | undefined> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(path, fsc.O_RDONLY | fsc.O_NOFOLLOW | fsc.O_NONBLOCK);
    if (!(await fh.stat()).isFile()) return undefined;
    const hash = createHash("sha256");
    const buf = Buffer.alloc(1024 * 1024);
    let size = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      hash.update(buf.subarray(0, bytesRead));
    }
    return { size, sha256: hash.digest("hex") };
  } catch {
    return undefined;
  } finally {
    await fh?.close();
  }
}

/** Reads a file the guest may have written: regular files only, no symlink following, capped. */
export async function readRegular(path: string, maxBytes: number): Promise<Buffer | undefined> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(path, fsc.O_RDONLY | fsc.O_NOFOLLOW | fsc.O_NONBLOCK);
    const st = await fh.stat();
    if (!st.isFile()) return undefined;
    const buf = Buffer.alloc(Math.min(st.size, maxBytes));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } catch {
    return undefined;
  } finally {
    await fh?.close();
  }
}

interface WalkEntry {
  path: string;
  rel: string;
  isDir: boolean;
  isFile: boolean;
  size: number;
}

async function walk(dir: string, rel = "", out: WalkEntry[] = [], limit = MAX_WORKSPACE_ENTRIES): Promise<WalkEntry[]> {
  let names: string[];
  try {
    names = await fs.readdir(join(dir, rel));
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    if (out.length >= limit) return out;
    const r = rel ? `${rel}/${name}` : name;
    const path = join(dir, r);
    const st = await fs.lstat(path).catch(() => undefined);
    if (!st) continue;
    out.push({ path, rel: r, isDir: st.isDirectory(), isFile: st.isFile(), size: st.isFile() ? st.size : 0 });
    if (st.isDirectory()) await walk(dir, r, out, limit);
  }
  return out;
}

async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(() => true, () => false);
}
