import { createGunzip } from "node:zlib";

/**
 * A provisional skill name for a queued upload: the top folder of the archive's first entry
 * (the pipeline replaces it with SKILL.md's name). Reads only the first tar header.
 */
export function provisionalName(archive: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const gz = createGunzip();
    let head = Buffer.alloc(0);
    const done = () => {
      gz.removeAllListeners("data");
      gz.destroy();
      resolve(nameFrom(head));
    };
    gz.on("data", (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.length >= 512) done();
    });
    gz.on("error", () => resolve("upload"));
    gz.on("end", done);
    gz.end(archive);
  });
}

function nameFrom(header: Buffer): string {
  if (header.length < 512) return "upload";
  const field = (from: number, len: number) => header.subarray(from, from + len).toString("utf8").replace(/\0.*$/s, "");
  const prefix = header.subarray(257, 262).toString("latin1") === "ustar" ? field(345, 155) : "";
  const full = (prefix ? `${prefix}/` : "") + field(0, 100);
  const top = full.replace(/^\.\//, "").split("/")[0] ?? "";
  const ok = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(top) && !/^PaxHeader|^@LongLink/.test(top) && top.toLowerCase() !== "skill.md";
  return ok ? top : "upload";
}
