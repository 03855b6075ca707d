/** Exit code of a run stopped by a signal: 128 + the signal number, as shells report it. */
export const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof SIGNAL_EXIT;

/**
 * Every command stops on SIGHUP/SIGINT/SIGTERM with 128+n and no stack trace. scan, submit and
 * ci have their own listeners (pipeline/stop.ts) that abort the run, clean up and set the same
 * code first: this listener then steps aside. Our listener being present also keeps execa's
 * signal-exit from re-raising the signal, so the exit is a code, not a death by signal.
 * SIGPIPE stays ignored (Node's default): a closed pipe shows up as EPIPE (closed-pipe.ts).
 */
export function exitOnSignals(): void {
  for (const sig of Object.keys(SIGNAL_EXIT) as StopSignal[]) {
    process.on(sig, () => {
      const code = SIGNAL_EXIT[sig];
      // The run's own handler (registered later, so it runs after this one) sets the code now.
      setImmediate(() => {
        if (process.exitCode === code) return;
        process.exit(code);
      });
    });
  }
}
