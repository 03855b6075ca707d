import { posix } from "node:path";
import type { BehaviorRun } from "./runner.js";

/**
 * What the skill was seen to use, for the routing of the pipeline (effective permissions):
 * programs by the binary actually executed (never argv[0]) and paths written, both as the guest
 * saw them. Env reads are not observable through the syscall log (the environment is memory).
 */
export interface ObservedUse {
  bins: string[];
  writePaths: string[];
  envRead?: string[];
}

const MAX_ITEMS = 200;

export function observedUse(run: BehaviorRun): ObservedUse {
  const bins = new Set<string>();
  const writes = new Set<string>(run.writePaths);
  for (const o of run.observations) {
    for (const e of o.events) {
      if (e.kind === "exec" && e.ok) bins.add(posix.basename(e.path));
      else if (e.kind === "open" && e.write && e.ok) writes.add(e.path);
      else if (e.kind === "fs-change" && e.ok) writes.add(e.path);
    }
  }
  return { bins: [...bins].sort().slice(0, MAX_ITEMS), writePaths: [...writes].sort().slice(0, MAX_ITEMS) };
}
