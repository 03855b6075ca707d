import { constants as fsc } from "node:fs";
import { open } from "node:fs/promises";

export type SafeRead =
  | { ok: true; bytes: Buffer }
  | { ok: false; problem: "missing" | "not-a-file" | "too-large" | "unreadable"; detail: string };

/**
 * Reads a file that sits beside an untrusted skill. O_NONBLOCK plus an fstat check on the open
 * descriptor keep a FIFO or device planted at that path from hanging or flooding the verifier.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<SafeRead> {
  let handle;
  try {
    handle = await open(path, fsc.O_RDONLY | fsc.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    return code === "ENOENT" ? { ok: false, problem: "missing", detail: code } : { ok: false, problem: "unreadable", detail: code };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { ok: false, problem: "not-a-file", detail: "not a regular file" };
    if (st.size > maxBytes) return { ok: false, problem: "too-large", detail: `larger than ${maxBytes} bytes` };
    const bytes = await handle.readFile();
    if (bytes.length > maxBytes) return { ok: false, problem: "too-large", detail: `larger than ${maxBytes} bytes` };
    return { ok: true, bytes };
  } catch (err) {
    return { ok: false, problem: "unreadable", detail: (err as NodeJS.ErrnoException).code ?? "error" };
  } finally {
    await handle.close();
  }
}
