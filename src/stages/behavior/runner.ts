import { randomBytes } from "node:crypto";
import type Docker from "dockerode";
import type { StageContext } from "../stage.types.js";
import { FORK_BOMB_THRESHOLD } from "./analyse.js";
import { findCanaries, type CanarySet } from "./canaries.js";
import { isPersistencePath, writeArea } from "./classify.js";
import type { CommandObservation } from "./observe.types.js";
import type { CommandPlan, NotRun } from "./plan.js";
import { runMonitoredCommand } from "./sandbox-run.js";
import type { BehaviorConfig } from "./sandbox-config.js";
import type { TraceEvent } from "./trace.types.js";
import { createWorkspace, fileStates, readRegular, removeWorkspace, type FileState, type Workspace } from "./workspace.js";

export interface RunRecord {
  /** Lets an auditor (or a test) match the run to engine events and runsc logs. */
  containerId: string;
  source: string;
  origin: string;
  command: string;
  outcome: string;
  durationMs: number;
}

export interface BehaviorRun {
  /** Labels this run's containers (org.skillsign.run) and names its workspace. */
  runId: string;
  observations: CommandObservation[];
  records: RunRecord[];
  notRun: NotRun[];
  runscVersion?: string;
  traceTruncated: boolean;
}

/** Slack kept for starting and removing the last container inside the stage budget. */
const MARGIN_MS = 5_000;

/** Sets up the bait workspace, runs each planned command in its own monitored container, and always cleans up. */
export async function exercise(
  ctx: StageContext,
  docker: Docker,
  config: BehaviorConfig,
  traceDir: string,
  canaries: CanarySet,
  plan: CommandPlan,
  budgetMs: number,
): Promise<BehaviorRun> {
  const runId = randomBytes(8).toString("hex");
  const ws = await createWorkspace(ctx.snapshot, canaries.files, config.uid, runId);
  const run: BehaviorRun = { runId, observations: [], records: [], notRun: [...plan.notRun], traceTruncated: false };
  const deadline = Date.now() + budgetMs;
  const baitPaths = new Set(canaries.files.map((b) => guestPath(config, b.base, b.relPath)));
  const keep = relevantEvent(baitPaths, canaries, config);
  try {
    let stopReason: string | undefined;
    for (const planned of plan.commands) {
      const left = deadline - Date.now() - MARGIN_MS;
      const reason = stopReason ?? (ctx.env.signal.aborted ? "the run was cancelled" : left < 2_000 ? "the stage's time budget was used up" : undefined);
      if (reason) {
        run.notRun.push({ ...planned, reason });
        continue;
      }
      const timeoutMs = Math.min(config.commandTimeoutMs, left);
      const before = await snapshotState(ws);
      const out = await runMonitoredCommand({ docker, config, ws, env: canaries.env, command: planned.command, runId, timeoutMs, traceDir, signal: ctx.env.signal, keepEvent: keep });
      const changedFiles = await changedSince(ws, config, before);
      run.runscVersion ??= out.trace.runscVersion;
      run.traceTruncated ||= out.trace.truncated;
      const end = out.result.end;
      run.observations.push({ planned, end, stdout: out.result.stdout, stderr: out.result.stderr, events: out.trace.events, forkFailures: out.trace.forkFailures, diskExceeded: out.diskExceeded, changedFiles, timeoutMs });
      run.records.push({ containerId: out.result.containerId, source: planned.source, origin: planned.origin, command: planned.command, outcome: describeEnd(end), durationMs: out.result.durationMs });
      const exhausted = out.diskExceeded || out.trace.forkFailures >= FORK_BOMB_THRESHOLD || (end.kind === "exited" && (end.oomKilled || end.exitCode === 137));
      if (exhausted) stopReason = "an earlier command exhausted the sandbox's resources";
      if (end.kind === "aborted") stopReason = "the run was cancelled";
    }
  } finally {
    await removeWorkspace(ws);
  }
  return run;
}

/**
 * Keeps the events the analysis can use and drops the bulk (reads of libraries, writes inside the
 * work dir, payloads without a canary) while streaming, so big logs stay within the event cap.
 */
function relevantEvent(baitPaths: Set<string>, canaries: CanarySet, config: BehaviorConfig): (e: TraceEvent) => boolean {
  const outside = (path: string) => writeArea(path, config.guestWork, config.guestHome) !== "allowed" || isPersistencePath(path, config.guestHome);
  return (e) => {
    switch (e.kind) {
      case "open":
        return baitPaths.has(e.path) || (e.write && outside(e.path));
      case "fs-change":
        return outside(e.path);
      case "file-write":
      case "send":
        return findCanaries(e.data, canaries.canaries).length > 0;
      default:
        return true;
    }
  };
}

function describeEnd(end: CommandObservation["end"]): string {
  switch (end.kind) {
    case "exited":
      return end.oomKilled ? `killed: out of memory (exit ${end.exitCode})` : `exit ${end.exitCode}`;
    case "timeout":
      return "killed: timeout";
    case "aborted":
      return "killed: cancelled";
    case "killed":
      return `killed: ${end.reason}`;
  }
}

function guestPath(config: BehaviorConfig, base: "home" | "work", rel: string): string {
  return `${base === "home" ? config.guestHome : config.guestWork}/${rel}`;
}

async function snapshotState(ws: Workspace): Promise<{ work: Map<string, FileState>; home: Map<string, FileState> }> {
  return { work: await fileStates(ws.workDir), home: await fileStates(ws.homeDir) };
}

/** Files the command created or changed in the writable mounts, with (capped) content for canary search. */
async function changedSince(ws: Workspace, config: BehaviorConfig, before: Awaited<ReturnType<typeof snapshotState>>): Promise<CommandObservation["changedFiles"]> {
  const after = await snapshotState(ws);
  const out: CommandObservation["changedFiles"] = [];
  for (const [area, dir, guest] of [["work", ws.workDir, config.guestWork], ["home", ws.homeDir, config.guestHome]] as const) {
    for (const [rel, st] of after[area]) {
      if (before[area].get(rel)?.sha256 === st.sha256) continue;
      const content = await readRegular(`${dir}/${rel}`, 1024 * 1024);
      if (content) out.push({ guestPath: `${guest}/${rel}`, content: content.toString("utf8") });
    }
  }
  return out;
}
