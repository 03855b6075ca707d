import type { TraceEvent } from "./trace.types.js";

/**
 * Aggregates events while the log streams, so a skill cannot push its payload out of a fixed
 * event cap by padding: the same behaviour (kind + key) is kept a few times and then only
 * counted. Evidence events (bait opens, canary-bearing data, persistence writes: `priority`)
 * have their own budget, which padding with harmless calls cannot use up. Exceeding either
 * budget sets `overflow`: the stage then reports the run as incomplete, never as clean.
 */
export interface AggregateLimits {
  /** Events kept per key (the rest are counted). */
  perKey: number;
  /** Distinct keys of ordinary events. */
  maxKeys: number;
  /** Distinct keys of priority events. */
  maxPriorityKeys: number;
}

export const DEFAULT_AGGREGATE_LIMITS: AggregateLimits = { perKey: 3, maxKeys: 20_000, maxPriorityKeys: 5_000 };

export class EventAggregator {
  private readonly kept: TraceEvent[] = [];
  private readonly counts = new Map<string, number>();
  private keys = 0;
  private priorityKeys = 0;
  /** Events seen again under a key already kept `perKey` times. */
  repeats = 0;
  /** A budget was exceeded: some behaviour may be missing from `events`. */
  overflow = false;

  constructor(private readonly limits: AggregateLimits = DEFAULT_AGGREGATE_LIMITS) {}

  /** Adds an event; returns how often its behaviour has been seen (0 when a budget dropped it). */
  add(e: TraceEvent, priority: boolean): number {
    const key = `${priority ? "!" : ""}${eventKey(e)}`;
    const n = this.counts.get(key) ?? 0;
    if (n === 0) {
      if (priority ? this.priorityKeys >= this.limits.maxPriorityKeys : this.keys >= this.limits.maxKeys) {
        this.overflow = true;
        return 0;
      }
      if (priority) this.priorityKeys++;
      else this.keys++;
    }
    this.counts.set(key, n + 1);
    if (n < this.limits.perKey) this.kept.push(e);
    else this.repeats++;
    return n + 1;
  }

  get events(): TraceEvent[] {
    return this.kept;
  }

  /** How often each behaviour was seen, for the report (largest first, at most `top`). */
  busiest(top = 5): Array<{ key: string; count: number }> {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, count]) => ({ key: key.replace(/\u0000/g, " "), count }));
  }
}

/** What makes two events "the same behaviour". Guest strings are only ever used as data here. */
export function eventKey(e: TraceEvent): string {
  switch (e.kind) {
    case "exec":
      return `exec\u0000${e.path}\u0000${e.ok}`;
    case "connect":
      return `connect\u0000${e.family}\u0000${e.addr}\u0000${e.port ?? ""}\u0000${e.syscall}`;
    case "send":
      return `send\u0000${e.target}\u0000${e.data.length > 64 ? e.data.slice(0, 64) : e.data}`;
    case "open":
      return `open\u0000${e.path}\u0000${e.write}\u0000${e.ok}`;
    case "fs-change":
      return `fs\u0000${e.syscall}\u0000${e.path}\u0000${e.ok}`;
    case "file-write":
      return `fw\u0000${e.path}`;
    case "fork-failed":
      return `fork\u0000${e.syscall}`;
    case "evasion":
      return `evasion\u0000${e.what}`;
  }
}
