import type { Ora } from "ora";
import type { ProgressEvent } from "../pipeline/pipeline.types.js";

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
  /** The report itself goes to stdout in a machine format: stay silent. */
  machineOutputOnStdout?: boolean;
}

export interface Progress {
  onProgress: (e: ProgressEvent) => void;
  stop(): void;
}

/** Progress is only for people: on a TTY, outside CI, and never mixed into machine output. */
export function progressEnabled(options: ProgressOptions = {}): boolean {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  // A terminal that reports 0 columns (e.g. under `script` without a real tty) would send ora's
  // line-clearing loop into an endless stream of escape codes: no progress there.
  // SKILLSIGN_QUIET: set by --quiet (src/cli/main.ts).
  return stream.isTTY === true && (stream.columns ?? 0) > 0 && !env.CI && !env.SKILLSIGN_QUIET && !options.machineOutputOnStdout;
}

/** A per-stage spinner on stderr: stage name, number of skills, elapsed time. ora is imported only on a TTY. */
export async function createProgress(options: ProgressOptions = {}): Promise<Progress> {
  if (!progressEnabled(options)) return { onProgress: () => {}, stop: () => {} };
  const { default: ora } = await import("ora");
  const spinner: Ora = ora({ stream: options.stream ?? process.stderr, discardStdin: false });
  return {
    onProgress(e) {
      if (e.kind === "stage-start") spinner.start(`${e.stage}: ${plural(e.skills)}`);
      else if (e.kind === "stage-end") spinner.succeed(`${e.stage}: ${plural(e.skills)} in ${formatMs(e.durationMs)}`);
    },
    stop() {
      if (spinner.isSpinning) spinner.stop();
    },
  };
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function plural(n: number): string {
  return `${n} skill${n === 1 ? "" : "s"}`;
}
