import type { execa as Execa } from "execa";

/**
 * execa, imported on first use: its ~100 modules cost ~150 ms of start-up, and most commands
 * (and `scan` until a stage runs a tool) never spawn anything. Every caller awaits the call, so
 * a promise of execa's result promise behaves the same (no caller uses `.kill()` or the streams).
 */
export const execa = (async (...args: unknown[]) => {
  const { execa: real } = await import("execa");
  return (real as (...a: unknown[]) => unknown)(...args);
}) as unknown as typeof Execa;
