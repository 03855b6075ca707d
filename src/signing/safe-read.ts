import { closeSync, constants as fsc, fstatSync, openSync } from "node:fs";
import { readFd } from "../snapshot/read-fd.js";

export type SafeRead =
  | { ok: true; bytes: Buffer }
  | { ok: false; problem: "missing" | "not-a-file" | "too-large" | "unreadable"; detail: string };

/**
 * Reads a file that sits beside an untrusted skill. O_NONBLOCK plus an fstat check on the open
 * descriptor keep a FIFO or device planted at that path from hanging or flooding the verifier.
 * Open and stat are synchronous (verify --all reads 1,000 of these; see snapshot/read-fd.ts).
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<SafeRead> {
  let fd: number;
  try {
    fd = openSync(path, fsc.O_RDONLY | fsc.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    return code === "ENOENT" ? { ok: false, problem: "missing", detail: code } : { ok: false, problem: "unreadable", detail: code };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, problem: "not-a-file", detail: "not a regular file" };
    if (st.size > maxBytes) return { ok: false, problem: "too-large", detail: `larger than ${maxBytes} bytes` };
    const bytes = await readFd(fd, st.size, maxBytes);
    if (bytes === "too-large") return { ok: false, problem: "too-large", detail: `larger than ${maxBytes} bytes` };
    return { ok: true, bytes };
  } catch (err) {
    return { ok: false, problem: "unreadable", detail: (err as NodeJS.ErrnoException).code ?? "error" };
  } finally {
    closeSync(fd);
  }
}
