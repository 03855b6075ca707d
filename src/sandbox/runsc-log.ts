import * as fs from "node:fs/promises";

/** runsc writes each invocation's "Args:" header (with the container id) at the top of its log file. */
const HEAD_BYTES = 16 * 1024;

/** The directory of `--debug-log=DIR/` in a runtime's arguments; a file path (no trailing slash) is unusable. */
export function traceDirFromArgs(runtimeArgs: string[] | undefined): string | undefined {
  for (const a of runtimeArgs ?? []) {
    const m = /^--debug-log=(.+)$/.exec(a);
    if (m) return m[1]!.endsWith("/") ? m[1]!.slice(0, -1) : undefined;
  }
  return undefined;
}

/** The start of a runsc log file, where its header names the container; "" when it cannot be read. */
export async function readLogHead(path: string): Promise<string> {
  const fh = await fs.open(path, "r").catch(() => undefined);
  if (!fh) return "";
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead).toString("utf8");
  } finally {
    await fh.close();
  }
}
