import { setMaxListeners } from "node:events";

/**
 * Every concurrent child process, container and stage call of a run listens on the same abort
 * signal; Node's default of 10 listeners would print a MaxListenersExceededWarning into the
 * user's terminal on a folder of skills. Listeners are removed when each task ends, so the
 * limit only guards against real leaks: high, not off.
 */
export const SHARED_SIGNAL_LISTENERS = 256;

export function sharedAbortController(): AbortController {
  const ctl = new AbortController();
  setMaxListeners(SHARED_SIGNAL_LISTENERS, ctl.signal);
  return ctl;
}
