import type Docker from "dockerode";
import { BaseError } from "../../errors.js";
import { runContainer } from "../../sandbox/run-container.js";
import type { ContainerRunResult } from "../../sandbox/run.types.js";
import { CONTAINER_LABEL, CONTAINER_LABEL_VALUE, type BehaviorConfig } from "./sandbox-config.js";
import { containerLogFiles, readTraceEvents, removeFiles, type TraceRead, type TraceReadOptions } from "./trace-log.js";
import { diskUsage, MAX_NEW_ENTRIES, type Workspace } from "./workspace.js";
import { TraceLogWatch } from "./log-watch.js";
import { CHAMBER_CAPS, CHAMBER_SLACK_MS, chamberCommand, removeChamberCommand, type Chamber, type ChamberCommand } from "./sinkhole/chamber.js";
import { readSinkholeEvidence, type SinkholeEvidence } from "./sinkhole/evidence.js";

export class TraceMissingError extends BaseError<"TRACE_MISSING"> {}

export interface CommandRunInput {
  docker: Docker;
  config: BehaviorConfig;
  ws: Workspace;
  env: Record<string, string>;
  command: string;
  runId: string;
  timeoutMs: number;
  traceDir: string;
  signal?: AbortSignal;
  /** How the log is read: event triage, pids to ignore (trace-log.ts). */
  trace?: TraceReadOptions;
  /** Sees all output as it streams (the captured text is capped). */
  onOutput?: (stream: "stdout" | "stderr", chunk: Buffer) => void;
  /** Run under the chamber init (network sinkhole, docs/behavior.md); absent: `sh -c` is PID 1. */
  chamber?: Chamber;
}

export interface CommandRunOutput {
  result: ContainerRunResult;
  trace: TraceRead;
  /** Set when the disk watchdog killed the run. */
  diskExceeded: boolean;
  /** Set when the run was killed for flooding the syscall log (log-watch.ts). */
  logExceeded: boolean;
  /** What the chamber's sinkhole recorded (only with a chamber). */
  sinkhole?: SinkholeEvidence;
}

const WATCH_MS = 500;
/**
 * A backstop for the host only. Under gVisor the pids cgroup counts the sentry's own threads and
 * ptrace stubs, not guest processes: at 64 the sandbox itself dies (exit 2, no log). The guest's
 * process cap is RLIMIT_NPROC (config.nproc) with a non-root user.
 */
const HOST_PIDS_LIMIT = 1024;

/**
 * Runs one command in a fresh monitored gVisor container over the run's workspace, then reads
 * and deletes that container's runsc logs. The container is removed by runContainer in every case.
 */
export async function runMonitoredCommand(input: CommandRunInput): Promise<CommandRunOutput> {
  const { config, ws } = input;
  // Bytes AND entries: a skill must not outrun the watchdog with many small files (workspace.ts).
  const base = await diskUsage(ws.root);
  const quota = base.bytes + config.diskQuotaBytes;
  const maxEntries = base.entries + MAX_NEW_ENTRIES;
  let diskExceeded = false;
  let logExceeded = false;
  const env = { HOME: config.guestHome, PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8", ...input.env };
  const binds = [
    { hostPath: ws.workDir, containerPath: config.guestWork },
    { hostPath: ws.homeDir, containerPath: config.guestHome },
  ];
  // With a chamber, PID 1 is its init (root, four capabilities) and the skill's sh -c runs under it as the user.
  const ch: ChamberCommand | undefined = input.chamber
    ? await chamberCommand(input.chamber, ws.root, { command: input.command, env, uid: config.uid, cwd: config.guestWork, timeoutMs: input.timeoutMs })
    : undefined;
  try {
    const result = await runContainer({
      docker: input.docker,
      image: config.image,
      runtime: config.runtime,
      // runsc 2022 mishandles some direct execs; sh -c works reliably (sandbox-recipe.md).
      cmd: ch ? ch.cmd : ["sh", "-c", input.command],
      env: ch ? { PATH: env.PATH, LANG: env.LANG } : env,
      user: ch ? "0:0" : `${config.uid}:${config.uid}`,
      capAdd: ch ? CHAMBER_CAPS : undefined,
      workingDir: config.guestWork,
      hostname: config.hostname,
      binds: ch ? [...binds, ...ch.binds] : binds,
      // `exec`: Docker's tmpfs default is noexec, unlike a user's /tmp; droppers save there and run it (issue 10).
      tmpfs: { "/tmp": `rw,exec,nosuid,nodev,size=${config.tmpfsSize},mode=1777` },
      labels: { [CONTAINER_LABEL]: CONTAINER_LABEL_VALUE, "org.skillsign.run": input.runId },
      limits: { memoryBytes: config.memoryBytes, nanoCpus: config.nanoCpus, pidsLimit: HOST_PIDS_LIMIT, nproc: config.nproc, nofile: 1024 },
      networkMode: "none",
      dns: ["127.0.0.1"],
      readOnlyRootfs: true,
      timeoutMs: input.timeoutMs + (ch ? CHAMBER_SLACK_MS : 0),
      signal: input.signal,
      maxOutputBytes: 64 * 1024,
      onOutput: input.onOutput,
      onStarted: (id, kill) => {
        let busy = false;
        const log = new TraceLogWatch(input.traceDir, id);
        const timer = setInterval(() => {
          if (busy) return;
          busy = true;
          Promise.all([diskUsage(ws.root, maxEntries), log.size()])
            .then(([use, logBytes]) => {
              if (use.bytes > quota || use.entries > maxEntries) {
                diskExceeded = true;
                kill(use.bytes > quota ? `wrote more than ${Math.round(config.diskQuotaBytes / 1048576)} MB` : `created more than ${MAX_NEW_ENTRIES} files`);
              } else if (logBytes > config.maxTraceLogBytes) {
                logExceeded = true;
                kill(`made the syscall log exceed ${Math.round(config.maxTraceLogBytes / 1048576)} MB`);
              }
            })
            .finally(() => (busy = false));
        }, WATCH_MS);
        return () => clearInterval(timer);
      },
    });
    const sinkhole = ch ? await readSinkholeEvidence(ch.evidenceFile) : undefined;
    // The init stopped the command at its limit: that is the command's timeout, as without a chamber.
    if (sinkhole?.timedOut && result.end.kind === "exited") result.end = { kind: "timeout" };
    const files = await containerLogFiles(input.traceDir, result.containerId);
    try {
      // The init's own syscalls (listening, evidence, TLS files) are not the skill's.
      const ignorePids = new Set([...(input.trace?.ignorePids ?? []), ...(ch ? [sinkhole?.initPid ?? ch.initPid] : [])]);
      const trace = await readTraceEvents(files, { ...input.trace, ignorePids, triage: ch ? dropLaunch(input.command, input.trace?.triage) : input.trace?.triage });
      // A run we could not watch proves nothing: fail closed instead of reporting it clean.
      if (trace.syscallLines === 0 && result.end.kind !== "aborted") {
        throw new TraceMissingError(
          "TRACE_MISSING",
          `no runsc syscall log for container ${result.containerId.slice(0, 12)} in ${input.traceDir} (is the engine on another host, or --strace off?)`,
        );
      }
      return { result, trace, diskExceeded, logExceeded, sinkhole };
    } finally {
      await removeFiles(files);
    }
  } finally {
    if (ch) await removeChamberCommand(ch);
  }
}

/**
 * The init's own start of the command (its forked child executing `/bin/sh -c COMMAND`) is ours,
 * not the skill's: it is the first such exec in the log, before any skill code ran.
 */
function dropLaunch(command: string, triage: TraceReadOptions["triage"]): NonNullable<TraceReadOptions["triage"]> {
  let launched = false;
  return (e) => {
    if (!launched && e.kind === "exec" && e.path === "/bin/sh" && e.argv.length === 3 && e.argv[1] === "-c" && e.argv[2] && command.startsWith(e.argv[2])) {
      launched = true;
      return "drop";
    }
    return triage ? triage(e) : "keep";
  };
}
