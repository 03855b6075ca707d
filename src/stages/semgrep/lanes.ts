import { availableParallelism } from "node:os";

/**
 * How a batch is split across semgrep processes. One process per batch (its start-up and rule
 * parsing paid once) until the code is big enough to keep a second core busy: then up to one
 * process per core ("lane"), each running `--jobs 1` (semgrep's own threads cost twice the CPU on
 * 2 cores, see invoke.ts), balanced by bytes of code. Within a lane, chunks of at most chunkSize
 * skills run one after another.
 */
export const PARALLEL_MIN_BYTES = 512 * 1024;
export const MAX_LANES = 4;

export interface LaneItem {
  /** Index of the skill in the batch. */
  index: number;
  /** Bytes of code semgrep will parse for it. */
  bytes: number;
}

/** lanes[l][c] = the skill indices of chunk c of lane l. */
export function planLanes(items: readonly LaneItem[], chunkSize: number, opts: { maxLanes?: number; minBytes?: number } = {}): number[][][] {
  const total = items.reduce((n, i) => n + i.bytes, 0);
  const maxLanes = opts.maxLanes ?? defaultLanes();
  const count = total >= (opts.minBytes ?? PARALLEL_MIN_BYTES) ? Math.max(1, Math.min(maxLanes, items.length)) : 1;
  const lanes = Array.from({ length: count }, () => ({ bytes: 0, items: [] as LaneItem[] }));
  // Largest first, each to the lightest lane: the lanes finish at about the same time.
  for (const item of [...items].sort((a, b) => b.bytes - a.bytes || a.index - b.index)) {
    const lane = lanes.reduce((min, l) => (l.bytes < min.bytes ? l : min));
    lane.bytes += item.bytes;
    lane.items.push(item);
  }
  return lanes
    .filter((l) => l.items.length > 0)
    .map((l) => {
      const indices = l.items.map((i) => i.index).sort((a, b) => a - b);
      const chunks: number[][] = [];
      for (let s = 0; s < indices.length; s += chunkSize) chunks.push(indices.slice(s, s + chunkSize));
      return chunks;
    });
}

function defaultLanes(): number {
  return Math.max(1, Math.min(MAX_LANES, availableParallelism()));
}
