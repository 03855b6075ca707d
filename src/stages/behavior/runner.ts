import { randomBytes } from "node:crypto";
import type Docker from "dockerode";
import type { StageContext } from "../stage.types.js";
import { FORK_BOMB_THRESHOLD } from "./analyse.js";
import { CanaryStreamScanner } from "./canary-scan.js";
import type { CanarySet } from "./canaries.js";
import { changedSince, snapshotState } from "./changed-files.js";
import type { CommandObservation } from "./observe.types.js";
import type { CommandPlan, NotRun } from "./plan.js";
import { runMonitoredCommand } from "./sandbox-run.js";
import type { BehaviorConfig } from "./sandbox-config.js";
import { bufferFilter, triageEvent } from "./triage.js";
import { createWorkspace, removeWorkspace } from "./workspace.js";
import { createChamber } from "./sinkhole/chamber.js";

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
  /** Set when some syscall record could not be read: the run was not fully watched (fail closed). */
  traceUnreadable?: string;
  /** runsc's own runtime crashed for a reason other than a fork bomb we report: the run was not watched to its end. */
  sandboxCrashed?: string;
  /** Events aggregated away as repeats of behaviour already kept. */
  traceRepeats: number;
  /** The writable mounts held more entries than the walk bound. */
  workspaceIncomplete: boolean;
  /** Guest paths of files created or changed in the writable mounts. */
  writePaths: string[];
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
  const project = config.guestWork.startsWith(`${config.guestHome}/`) ? [config.guestWork.slice(config.guestHome.length + 1)] : [];
  const ws = await createWorkspace(ctx.snapshot, canaries.files, config.uid, runId, undefined, project);
  const run: BehaviorRun = { runId, observations: [], records: [], notRun: [...plan.notRun], traceTruncated: false, traceRepeats: 0, workspaceIncomplete: false, writePaths: [] };
  const deadline = Date.now() + budgetMs;
  const baitPaths = new Set(canaries.files.map((b) => guestPath(config, b.base, b.relPath)));
  const triage = triageEvent({ baitPaths, canaries: canaries.canaries, guestWork: config.guestWork, guestHome: config.guestHome });
  const secrets = canaries.canaries.filter((c) => c.kind === "secret");
  const wantBuffer = bufferFilter(canaries.canaries);
  try {
    // The network sinkhole / detonation chamber (docs/behavior.md, "Chamber init"); SKILLSIGN_BEHAVIOR_CHAMBER=0 turns it off.
    const chamber = ctx.env.processEnv.SKILLSIGN_BEHAVIOR_CHAMBER === "0" ? undefined : await createChamber(ws.root, ctx.env.assetsDir);
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
      // Output is searched whole as it streams; the captured text itself is capped.
      const outputScan = { stdout: new CanaryStreamScanner(secrets), stderr: new CanaryStreamScanner(secrets) };
      const onOutput = (stream: "stdout" | "stderr", chunk: Buffer) => outputScan[stream].push(chunk);
      const out = await runMonitoredCommand({ docker, config, ws, env: canaries.env, command: planned.command, runId, timeoutMs, traceDir, signal: ctx.env.signal, trace: { triage, wantBuffer, ignorePids: config.ignorePids, initialCwd: config.guestWork }, onOutput, chamber });
      const changed = await changedSince(ws, config, before, secrets);
      const end = out.result.end;
      const exhausted = out.diskExceeded || out.logExceeded || out.trace.forkFailures >= FORK_BOMB_THRESHOLD || (end.kind === "exited" && (end.oomKilled || end.exitCode === 137));
      run.runscVersion ??= out.trace.runscVersion;
      run.traceTruncated ||= out.trace.truncated;
      run.traceUnreadable ??= out.trace.unreadable ? `${out.trace.unreadable} unreadable record(s), first: ${out.trace.unreadableWhy}` : undefined;
      run.traceRepeats += out.trace.repeats;
      if (out.trace.crashed && out.trace.forkFailures < FORK_BOMB_THRESHOLD) run.sandboxCrashed ??= out.trace.crashed;
      // No sinkhole header: the init never ran (no python3 in a built image?), so neither did the command.
      if (chamber && !out.sinkhole?.started && out.result.end.kind !== "aborted") run.sandboxCrashed ??= chamberFailure(out.sinkhole?.booted ?? false, out.result);
      // The init died while the command ran (no exit record, yet the container exited): not watched to the end.
      // A resource kill (memory, fork bomb, disk, log flood) takes the whole sandbox down with it: that is the finding, not a blind spot.
      if (chamber && out.sinkhole?.started && out.sinkhole.exit === undefined && out.result.end.kind === "exited" && !exhausted) run.sandboxCrashed ??= `the chamber init stopped before the command ended (exit ${out.result.end.exitCode})`;
      run.workspaceIncomplete ||= !changed.complete;
      run.writePaths.push(...changed.paths);
      const stdout = withExcerpts(out.result.stdout, outputScan.stdout);
      const stderr = withExcerpts(out.result.stderr, outputScan.stderr);
      run.observations.push({ planned, end, stdout, stderr, events: out.trace.events, forkFailures: out.trace.forkFailures, diskExceeded: out.diskExceeded, logExceeded: out.logExceeded, changedFiles: changed.files, timeoutMs, sinkhole: out.sinkhole });
      run.records.push({ containerId: out.result.containerId, source: planned.source, origin: planned.origin, command: planned.command, outcome: describeEnd(end), durationMs: out.result.durationMs });
      if (exhausted) stopReason = "an earlier command exhausted the sandbox's resources";
      if (end.kind === "aborted") stopReason = "the run was cancelled";
    }
  } finally {
    await removeWorkspace(ws);
  }
  return run;
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

/** Adds what the streaming scan saw past the capture cap, so the analysis sees every canary printed. */
function withExcerpts(captured: string, scan: CanaryStreamScanner): string {
  const missed = scan.found().filter((h) => !captured.includes(h.excerpt));
  return missed.length ? `${captured}\n[… past the capture limit …]\n${missed.map((h) => h.excerpt).join("\n…\n")}` : captured;
}

/** Why the chamber init wrote no header, with its own error output (a Python traceback) for diagnosis. */
function chamberFailure(booted: boolean, result: { end: CommandObservation["end"]; stderr: string }): string {
  const how = booted ? "started but did not finish setting up the network sinkhole" : "did not start";
  const when = result.end.kind === "timeout" ? " within the command's time limit (machine overloaded?)" : result.end.kind === "exited" ? ` (exit ${result.end.exitCode})` : "";
  const err = result.stderr.trim().split("\n").slice(-3).join(" | ").slice(0, 300);
  return `the chamber init ${how}${when}${err ? `: ${err}` : ""}`;
}
