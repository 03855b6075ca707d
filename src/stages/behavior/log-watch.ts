import * as fs from "node:fs/promises";
import { containerLogFiles } from "./trace-log.js";

/**
 * Bytes the sandbox's syscall log may reach before the run is killed. Every traced write shows its
 * buffer (up to 64 KiB, escaped), so a skill writing to /dev/null in a loop could otherwise fill the
 * host's log disk faster than any other watchdog notices.
 */
export const MAX_TRACE_LOG_BYTES = 512 * 1024 * 1024;

/** Finds a running container's boot log once, then reports its size cheaply (one stat per call). */
export class TraceLogWatch {
  private path?: string;

  constructor(
    private readonly dir: string,
    private readonly containerId: string,
  ) {}

  async size(): Promise<number> {
    this.path ??= (await containerLogFiles(this.dir, this.containerId)).find((f) => f.includes(".boot"));
    if (!this.path) return 0;
    return (await fs.stat(this.path).catch(() => undefined))?.size ?? 0;
  }
}
