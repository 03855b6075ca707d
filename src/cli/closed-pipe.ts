/**
 * A reader that goes away (`skillsign scan --json | head -c 1`) is not a failure of skillsign:
 * Node ignores SIGPIPE and reports EPIPE on the next write, which without a listener is an
 * uncaught stack trace and exit 1. Here a closed stdout/stderr silences that stream, the command
 * finishes (store closed, temp dirs removed), and the run exits 141, the code a shell reports for
 * a writer killed by SIGPIPE (128 + 13), as `git log | head` does.
 */
export const CLOSED_PIPE_EXIT = 141;

let closed = false;
let failed: NodeJS.ErrnoException | undefined;

/** True once stdout or stderr lost its reader. */
export function pipeClosed(): boolean {
  return closed;
}

/** Another write error on stdout (EIO, ENOSPC on a redirected file): reported once, exit 3. */
export function stdoutFailure(): NodeJS.ErrnoException | undefined {
  return failed;
}

export function watchClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE" || err.code === "ERR_STREAM_DESTROYED") closed = true;
      else failed ??= err;
      silence(stream);
      // A socket reports the failed write after main() returned its code: set it here too.
      process.exitCode = closed ? CLOSED_PIPE_EXIT : 3;
    });
  }
}

/** Later writes are dropped instead of failing again on a destroyed stream. */
export function silence(stream: NodeJS.WriteStream): void {
  stream.write = ((_chunk: unknown, encoding?: unknown, cb?: unknown) => {
    const done = typeof encoding === "function" ? encoding : cb;
    if (typeof done === "function") process.nextTick(done as () => void);
    return true;
  }) as typeof stream.write;
}
