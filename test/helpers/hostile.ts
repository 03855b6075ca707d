/**
 * Hostile skill folders that git cannot store (symlinks, FIFOs, sockets, hard links,
 * non-UTF-8 names, huge files, unreadable files), generated at test time in temp dirs.
 * Everything here is inert: no network, no real secrets.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { packageRootForNobody, removeReadableCopy } from "./readable-copy.js";

const created: string[] = [];
const servers: Server[] = [];

export function skillMd(name: string, extra = ""): string {
  return `---\nname: ${name}\ndescription: A generated hostile test skill. Use only in tests.\n${extra}---\n\n# ${name}\n\nBody.\n`;
}

/**
 * A fresh temp folder holding a skill named `name` (the folder name matches) with the given
 * files; SKILL.md is added unless given, and a `null` value leaves that file out.
 */
export function makeSkill(files: Record<string, string | Buffer | null> = {}, name = "hostile-generated"): string {
  const parent = mkdtempSync(join(tmpdir(), "skillsign-hostile-"));
  created.push(parent);
  const dir = join(parent, name);
  mkdirSync(dir);
  const all = "SKILL.md" in files || "skill.md" in files ? files : { "SKILL.md": skillMd(name), ...files };
  for (const [rel, content] of Object.entries(all)) if (content !== null) addFile(dir, rel, content);
  return dir;
}

/** A minimal skill with one hostile entry added by `add` (a FIFO, a hard link, a socket...). */
export async function skillWith(add: (dir: string) => unknown): Promise<string> {
  const dir = makeSkill();
  await add(dir);
  return dir;
}

export function addFile(dir: string, rel: string, content: string | Buffer, mode?: number): string {
  const abs = join(dir, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content, mode === undefined ? undefined : { mode });
  return abs;
}

export function addSymlink(dir: string, rel: string, target: string): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  symlinkSync(target, join(dir, rel));
}

/** A second name for a file outside the skill: the skill's copy would change when the outside one does. */
export function addHardlink(dir: string, rel: string): string {
  const outside = join(dirname(dir), "outside-target.txt");
  writeFileSync(outside, "shared inode\n");
  linkSync(outside, join(dir, rel));
  return outside;
}

export function addFifo(dir: string, rel: string): void {
  execFileSync("mkfifo", [join(dir, rel)]);
}

/** A listening unix socket; it stays until cleanupHostile() closes it. */
export async function addSocket(dir: string, rel: string): Promise<void> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((ok, fail) => server.once("error", fail).listen(join(dir, rel), ok));
}

/** A file whose name bytes are not valid UTF-8 (0xff is never valid). */
export function addNonUtf8Name(dir: string): void {
  writeFileSync(Buffer.concat([Buffer.from(`${dir}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from(".md")]), "x");
}

/** A sparse file of `bytes` bytes: instant to create, never read because the size check comes first. */
export function addSparseFile(dir: string, rel: string, bytes: number): void {
  addFile(dir, rel, "");
  truncateSync(join(dir, rel), bytes);
}

/** Minimal zip local-file header; bit 0 of the flags marks an encrypted entry. */
export function zipBytes(encrypted: boolean): Buffer {
  const name = Buffer.from("payload.txt");
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(encrypted ? 1 : 0, 6);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name, Buffer.from("inert test content\n")]);
}

/** A one-entry ustar archive, gzipped. */
export function tarGzBytes(): Buffer {
  const block = Buffer.alloc(512);
  block.write("payload.txt", 0);
  block.write("0000644\0", 100);
  block.write("00000000023\0", 124);
  block.write("ustar\0", 257);
  const body = Buffer.alloc(512);
  body.write("inert test content\n");
  return gzipSync(Buffer.concat([block, body, Buffer.alloc(1024)]));
}

export const REPO_ROOT = resolve(import.meta.dirname, "../..");

/**
 * Takes a snapshot in a child process running as `nobody`, so chmod 000 really denies
 * access even when the tests run as root. Uses the compiled dist/ (run `npx tsc` first), or a
 * readable copy of it when the clone sits in a private folder (readable-copy.ts).
 * Returns the SnapshotError code, or "OK".
 */
export function snapshotAsNobody(skillDir: string): { code: string; message: string } {
  const store = mkdtempSync(join(tmpdir(), "skillsign-nobody-store-"));
  created.push(store);
  for (let d = skillDir; d !== dirname(d) && d.startsWith(tmpdir()); d = dirname(d)) chmodSync(d, 0o755);
  chmodSync(store, 0o777);
  const script = `
    const { takeSnapshot } = await import(${JSON.stringify(join(packageRootForNobody(), "dist/src/snapshot/snapshot.js"))});
    try { await takeSnapshot(process.argv[1], { storeDir: process.argv[2] }); console.log(JSON.stringify({ code: "OK", message: "" })); }
    catch (e) { console.log(JSON.stringify({ code: e.code ?? "THROWN", message: e.message })); }`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script, skillDir, store], { uid: 65534, gid: 65534, encoding: "utf8", cwd: tmpdir() });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim()) as { code: string; message: string };
}

export async function cleanupHostile(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((ok) => s.close(() => ok()))));
  for (const p of created.splice(0)) rmSync(p, { recursive: true, force: true });
  removeReadableCopy();
}
