import { discoverSkillFolders } from "../pipeline/discover.js";
import type { ProgressEvent } from "../pipeline/pipeline.types.js";
import { runPipeline } from "../pipeline/run.js";
import type { ReportInput } from "../report/report.types.js";
import { STAGE_IDS, type StageId } from "../stage-ids.js";
import { loadPolicy, policyDigest } from "../verdict/policy.js";
import { route } from "../verdict/route.js";
import type { Decision } from "../verdict/verdict.types.js";

/** What `scan` runs without --sandbox: the stages that need no container. */
export const STATIC_STAGES: readonly StageId[] = ["manifest", "patterns", "secrets", "semgrep", "dependencies"];
const NOT_SELECTED = "not selected: use `skillsign submit` or `--sandbox`";

export interface ScanRequest {
  paths: string[];
  skip?: StageId[];
  only?: StageId[];
  sandbox?: boolean;
  policyPath?: string;
  home?: string;
  processEnv?: NodeJS.ProcessEnv;
  onProgress?: (e: ProgressEvent) => void;
  /** Aborted on SIGINT/SIGTERM: stages stop and clean up (pipeline/stop.ts). */
  signal?: AbortSignal;
  /** Accepted findings by fingerprint (`scan --baseline`, src/baseline/). */
  baseline?: ReadonlyMap<string, string>;
}

export interface ScanRun {
  report: ReportInput;
  decisions: Decision[];
}

/**
 * The creator's dry run: snapshot, the selected stages, the verdict. Nothing is recorded and
 * nothing is signed. Required stages are narrowed to the selected ones, and the report says
 * which stages did not run. Rendering and the exit code are the caller's (cli/scan.ts).
 */
export async function scanSkills(o: ScanRequest): Promise<ScanRun> {
  const policy = loadPolicy(o.policyPath);
  const { dirs, skipped } = discoverSkillFolders(o.paths);
  const selected = o.only ?? (o.sandbox ? [...STAGE_IDS] : [...STATIC_STAGES]);
  const notRun = STAGE_IDS.filter((id) => !selected.includes(id));
  const run = await runPipeline(dirs, {
    skip: o.skip,
    only: notRun.length > 0 ? selected : undefined,
    notSelectedReason: NOT_SELECTED,
    onProgress: o.onProgress,
    signal: o.signal,
    home: o.home,
    processEnv: o.processEnv,
  });
  const skills = run.analyses.map((analysis) => ({ analysis, verdict: route(analysis, policy, { selectedStages: selected, baseline: o.baseline }) }));
  const report: ReportInput = {
    skills,
    inputErrors: run.inputErrors,
    policyDigest: policyDigest(policy),
    skipped,
    ...(notRun.length > 0 ? { notSelected: { stages: notRun, note: scopeNote(notRun, o.only !== undefined) } } : {}),
  };
  return { report, decisions: skills.map((s) => s.verdict.decision) };
}

function scopeNote(notRun: readonly StageId[], onlyGiven: boolean): string {
  const sandboxOnly = notRun.every((id) => !STATIC_STAGES.includes(id));
  const what = sandboxOnly && !onlyGiven ? "static scan only; sandbox stages not run" : "partial scan";
  return `${what} (${notRun.join(", ")}); they are not required for this verdict. Run \`skillsign submit\` or \`skillsign scan --sandbox\` for the full analysis.`;
}
