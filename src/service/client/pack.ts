import { gzipSync } from "node:zlib";
import tar from "tar-stream";
import { takeSnapshot } from "../../snapshot/snapshot.js";

/**
 * Packs a skill folder as the service expects it: the snapshot's own walk (so a folder the
 * server would refuse is refused here first, with the same message), then a tar.gz of exactly
 * the files it read, with their executable bits, under a single top folder.
 */
export async function packSkill(dir: string, top = "skill"): Promise<Buffer> {
  const snap = await takeSnapshot(dir);
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: unknown) => void chunks.push(c as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    pack.on("end", resolve);
    pack.on("error", reject);
  });
  for (const f of snap.files) {
    const content = snap.contents?.get(f.path) ?? Buffer.alloc(0);
    await new Promise<void>((resolve, reject) =>
      pack.entry({ name: `${top}/${f.path}`, mode: f.executable ? 0o755 : 0o644, size: content.length, mtime: new Date(0) }, content, (err) => (err ? reject(err) : resolve())),
    );
  }
  pack.finalize();
  await ended;
  return gzipSync(Buffer.concat(chunks));
}
