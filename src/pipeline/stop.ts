import { InternalError } from "../errors.js";
import { sharedAbortController } from "./shared-signal.js";

/** Exit codes of a run stopped by a signal (128 + signal number, as shells report them). */
export const STOP_EXIT: Record<"SIGHUP" | "SIGINT" | "SIGTERM", number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
/** How long a stopped run may spend removing its containers, images and temp dirs before it exits anyway. */
export const STOP_GRACE_MS = 30_000;

export interface StoppableOptions {
  /** Runs synchronously on the first signal (e.g. mark submissions failed). */
  onSignal?: (signal: NodeJS.Signals) => void;
  graceMs?: number;
}

/**
 * Runs `work` with an AbortSignal wired to SIGHUP, SIGINT and SIGTERM. On the first signal the signal is
 * aborted (stages kill their containers, cancel builds and remove their workspaces), and the
 * process exits with 130/143 once `work` has settled, or after the grace period at the latest; a
 * second signal exits at once (the next run's sweep removes what is left).
 */
export async function runStoppable<T>(work: (signal: AbortSignal) => Promise<T>, opts: StoppableOptions = {}): Promise<T> {
  const ctl = sharedAbortController();
  let stopped: keyof typeof STOP_EXIT | undefined;
  const handler = (signal: NodeJS.Signals) => {
    const sig = signal === "SIGINT" || signal === "SIGHUP" ? signal : "SIGTERM";
    if (stopped) process.exit(STOP_EXIT[sig]);
    stopped = sig;
    process.exitCode = STOP_EXIT[sig];
    try {
      opts.onSignal?.(signal);
    } finally {
      const grace = opts.graceMs ?? STOP_GRACE_MS;
      process.stderr.write(`skillsign: ${signal}: stopping; removing containers and temp files (at most ${Math.round(grace / 1000)} s)\n`);
      ctl.abort(new InternalError("CANCELLED", `interrupted by ${signal}`));
      setTimeout(() => process.exit(STOP_EXIT[sig]), grace).unref();
    }
  };
  // `on`, not `once`: while our listener is registered, signal-exit (execa) does not re-raise the
  // signal to kill the process before the cleanup ran.
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  process.on("SIGHUP", handler);
  try {
    const result = await work(ctl.signal);
    if (stopped) process.exit(STOP_EXIT[stopped]);
    return result;
  } catch (err) {
    if (stopped) process.exit(STOP_EXIT[stopped]);
    throw err;
  } finally {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
    process.off("SIGHUP", handler);
  }
}
