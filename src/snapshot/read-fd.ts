import { constants as fsc, closeSync, fstatSync, openSync, read, readSync, readlinkSync, type Stats } from "node:fs";
import { promisify } from "node:util";

/** Files up to this size are read with one synchronous read: most skill files are a few KiB,
 * and a thread-pool round trip per open/stat/read/close cost verify --all ~1 s over 3,000 files. */
export const SYNC_READ_BYTES = 256 * 1024;

const readAsync = promisify(read);

export type OpenedFile = { fd: number; stat: Stats };

/**
 * Opens a file without following a final symlink (ELOOP) and without blocking on a FIFO, then
 * stats the open descriptor: the caller checks the type and size of exactly what it will read.
 */
export function openNoFollow(abs: string): OpenedFile {
  const fd = openSync(abs, fsc.O_RDONLY | fsc.O_NOFOLLOW | fsc.O_NONBLOCK);
  try {
    return { fd, stat: fstatSync(fd) };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** The path Linux reports for an open descriptor (undefined where /proc is missing). */
export function fdPath(fd: number): string | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

/**
 * Reads the descriptor to its end, refusing more than `max` bytes (the size may change after
 * fstat; the bytes read are what counts). `expected` is the fstat size, used to size the buffer.
 * Small files are read synchronously; large ones asynchronously so a big skill does not stall
 * the event loop of a long-running process.
 */
export async function readFd(fd: number, expected: number, max: number): Promise<Buffer | "too-large"> {
  const sync = expected <= SYNC_READ_BYTES;
  let buf = Buffer.alloc(Math.min(expected, max) + 1);
  let length = 0;
  for (;;) {
    if (length === buf.length) {
      if (length > max) return "too-large";
      const bigger = Buffer.alloc(Math.min(buf.length * 2, max + 1));
      buf.copy(bigger, 0, 0, length);
      buf = bigger;
    }
    const n = sync ? readSync(fd, buf, length, buf.length - length, null) : (await readAsync(fd, buf, length, buf.length - length, null)).bytesRead;
    if (n === 0) break;
    length += n;
  }
  if (length > max) return "too-large";
  return buf.subarray(0, length);
}
