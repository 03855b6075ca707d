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

export async function createWorkspace(snap: Snapshot, bait: BaitFile[], uid: number, runId: string, baseDir = tmpdir()): Promise<Workspace> {
  const root = await fs.mkdtemp(join(baseDir, `${WORKSPACE_PREFIX}${runId}-`));
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

/** Regular files under dir with their hashes; never follows links or opens FIFOs the guest left. */
export async function fileStates(dir: string, maxFiles = 5_000, maxBytes = 8 * 1024 * 1024): Promise<Map<string, FileState>> {
  const out = new Map<string, FileState>();
  for (const e of (await walk(dir)).slice(0, maxFiles)) {
    if (!e.isFile) continue;
    const content = await readRegular(join(dir, e.rel), maxBytes);
    if (content) out.set(e.rel, { size: content.length, sha256: createHash("sha256").update(content).digest("hex") });
  }
  return out;
}

/** Total bytes of regular files under dir (the disk watchdog). */
export async function treeBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await walk(dir)) total += e.size;
  return total;
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

async function walk(dir: string, rel = "", out: WalkEntry[] = [], limit = 20_000): Promise<WalkEntry[]> {
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
