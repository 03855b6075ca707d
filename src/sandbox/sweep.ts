import * as fs from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import { probeEngine } from "./client.js";
import { OWNER_LABEL, ownerIsDead, ownerPidOf, pidIsDead } from "./owner.js";
import { removeContainer } from "./run-container.js";
import { readLogHead, traceDirFromArgs } from "./runsc-log.js";

/** Temp dirs our stages create as `<prefix><pid>-…`; bait (behaviour) and skill files live in them. */
export const OWNED_TEMP_PREFIXES = ["skillsign-behavior-", "skillsign-build-", "skillsign-trivy-", "skillsign-scan-"] as const;
/** A runsc log whose container is gone is an orphan once nothing has written to it for this long. */
const ORPHAN_LOG_MS = 60_000;

export interface SweepReport {
  containers: number;
  images: number;
  tempDirs: number;
  logs: number;
}

/**
 * Removes what a skillsign process killed with SIGKILL (or crashed) left behind, at once rather
 * than after an age bound: containers and untagged images whose owner label names a dead
 * process, temp dirs whose name carries a dead pid, and runsc logs (which hold the canary
 * values a run saw) of containers that no longer exist. A live run's resources are never touched.
 */
export async function sweepLeftovers(docker: Docker, opts: { tmp?: string; now?: number } = {}): Promise<SweepReport> {
  const report: SweepReport = { containers: 0, images: 0, tempDirs: 0, logs: 0 };
  const removed = new Set<string>();
  const containers = await docker.listContainers({ all: true, filters: { label: [OWNER_LABEL] } });
  for (const c of containers) {
    if (!ownerIsDead(c.Labels?.[OWNER_LABEL])) continue;
    await removeContainer(docker.getContainer(c.Id));
    removed.add(c.Id);
    report.containers++;
  }
  // Untagged only: a tagged skill image is a finished build, kept as the build cache.
  const images = (await docker.listImages({ all: true, filters: { label: [OWNER_LABEL] } })).sort((a, b) => b.Created - a.Created);
  for (const img of images) {
    const untagged = !img.RepoTags?.length || img.RepoTags.every((t) => t === "<none>:<none>");
    if (!untagged || !ownerIsDead(img.Labels?.[OWNER_LABEL])) continue;
    if (await docker.getImage(img.Id).remove({ force: true }).then(() => true, () => false)) report.images++;
  }
  report.tempDirs = await sweepTempDirs(opts.tmp ?? tmpdir());
  const info = await probeEngine(docker);
  const logDirs = new Set(Object.values(info.runtimeArgs).map((a) => traceDirFromArgs(a)).filter((d): d is string => !!d));
  const live = new Set((await docker.listContainers({ all: true })).map((c) => c.Id));
  for (const dir of logDirs) report.logs += await sweepLogs(dir, live, removed, opts.now ?? Date.now());
  return report;
}

async function sweepTempDirs(base: string): Promise<number> {
  let n = 0;
  for (const name of await fs.readdir(base).catch(() => [] as string[])) {
    const prefix = OWNED_TEMP_PREFIXES.find((p) => name.startsWith(p));
    const pid = prefix ? ownerPidOf(name, prefix) : undefined;
    if (pid === undefined) continue;
    const path = join(base, name);
    const st = await fs.lstat(path).catch(() => undefined);
    if (!st?.isDirectory() || !pidIsDead(pid, st.birthtimeMs || st.mtimeMs)) continue;
    await fs.rm(path, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    n++;
  }
  return n;
}

/** Logs of containers just removed go now; other logs of vanished containers once quiet. */
async function sweepLogs(dir: string, live: Set<string>, removed: Set<string>, now: number): Promise<number> {
  let n = 0;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith("runsc.log.")) continue;
    const path = join(dir, name);
    const ids = [...(await readLogHead(path)).matchAll(/\b[0-9a-f]{64}\b/g)].map((m) => m[0]);
    if (ids.length === 0 || ids.some((id) => live.has(id) && !removed.has(id))) continue;
    const st = await fs.stat(path).catch(() => undefined);
    const quiet = st !== undefined && now - st.mtimeMs > ORPHAN_LOG_MS;
    if (!ids.some((id) => removed.has(id)) && !quiet) continue;
    await fs.rm(path, { force: true }).catch(() => undefined);
    n++;
  }
  return n;
}
