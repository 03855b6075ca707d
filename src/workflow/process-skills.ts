import { basename, resolve } from "node:path";
import { errorMessage, InternalError } from "../errors.js";
import { runPipeline } from "../pipeline/run.js";
import { runStoppable } from "../pipeline/stop.js";
import type { PipelineOptions } from "../pipeline/pipeline.types.js";
import type { SkillAnalysis, SkillInputError } from "../analysis.types.js";
import { currentProcess } from "../store/liveness.js";
import type { Store } from "../store/store.js";
import type { SignatureRecord, SubmissionRecord, WaiverRecord } from "../store/store.types.js";
import { route, type Policy, type Verdict, type Waiver } from "../verdict/index.js";
import { creatorNotice } from "./notice.js";
import { pipelineSignRequest, writeSignature } from "./sign-request.js";
import type { LoadedSigner } from "./signing-key.js";

export interface ProcessOptions {
  store: Store;
  policy: Policy;
  policyDigest: string;
  source: "submit" | "ci";
  actor: string;
  signer?: LoadedSigner;
  pipeline?: Omit<PipelineOptions, "home" | "processEnv">;
  home?: string;
  processEnv?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** Called once every submission row exists, before any stage runs (crash tests, progress). */
  onRecorded?: (ids: number[]) => void;
  /** A queue worker's claim: results are written only while this attempt still holds the submission. */
  attempt?: number;
  /** Accepted findings by fingerprint (`ci --baseline`, src/baseline/); never-waive rules still count. */
  baseline?: ReadonlyMap<string, string>;
}

export type ProcessedSkill =
  | {
      kind: "analysed";
      submission: SubmissionRecord;
      analysis: SkillAnalysis;
      verdict: Verdict;
      signature?: SignatureRecord;
      signaturePath?: string;
      /** The signature is stored, but the detached file could not be written beside the folder. */
      signatureWriteError?: string;
    }
  | { kind: "input-error"; submission: SubmissionRecord; inputError: SkillInputError };

/**
 * submit and ci: record each submission (running, owned by this process) BEFORE any stage
 * runs, run the pipeline once over the batch, route each result, sign what is approved (when
 * a key is configured) and write everything back in one transaction per skill. If this
 * process dies half-way, the rows stay `running` and the next command marks them failed.
 */
export async function processSkills(dirs: string[], opts: ProcessOptions): Promise<ProcessedSkill[]> {
  const now = opts.now ?? (() => new Date());
  const owner = currentProcess();
  const records: SubmissionRecord[] = [];
  // Registered first: the handler sees each record as soon as it exists.
  return runStoppable(async (signal) => {
    for (const dir of dirs) {
      const path = resolve(dir);
      records.push(await opts.store.createSubmission({ path, skillName: basename(path), source: opts.source, submittedBy: opts.actor, owner }));
    }
    opts.onRecorded?.(records.map((r) => r.id));
    return await analyseAll(dirs, records, { ...opts, pipeline: { ...opts.pipeline, signal: opts.pipeline?.signal ?? signal } }, now);
  }, { onSignal: failNowOnSignal(records, opts) });
}

/**
 * A queue worker: runs the pipeline on one extracted upload and records into the submission it
 * has claimed (the record's path is the extraction dir). A crash is thrown without failing the
 * submission, so the queue can retry it on another worker (and dead-letter it in the end).
 */
export async function processClaimed(dir: string, record: SubmissionRecord, opts: ProcessOptions): Promise<ProcessedSkill> {
  const [one] = await analyseAll([dir], [{ ...record, path: resolve(dir) }], opts, opts.now ?? (() => new Date()));
  return one!;
}

async function analyseAll(dirs: string[], records: SubmissionRecord[], opts: ProcessOptions, now: () => Date): Promise<ProcessedSkill[]> {
  let run: Awaited<ReturnType<typeof runPipeline>>;
  try {
    run = await runPipeline(dirs, { ...opts.pipeline, home: opts.home, processEnv: opts.processEnv });
  } catch (err) {
    if (opts.attempt === undefined) for (const r of records) await opts.store.failSubmission(r.id, `analysis crashed: ${errorMessage(err)}`, opts.actor);
    throw err;
  }
  // Stopped by a signal: the submissions are already marked failed; record no verdict from a cut run.
  if (opts.pipeline?.signal?.aborted) throw new InternalError("CANCELLED", "analysis interrupted by a signal");

  const out: ProcessedSkill[] = [];
  for (const record of records) {
    const analysis = run.analyses.find((a) => resolve(a.path) === record.path);
    if (analysis) {
      out.push(await finishOne(record, analysis, opts, now()));
      continue;
    }
    const inputError = run.inputErrors.find((e) => resolve(e.path) === record.path) ?? {
      path: record.path,
      code: "NOT_ANALYSED",
      message: "the pipeline returned no result for this skill",
    };
    const submission = await opts.store.failSubmission(record.id, `input refused [${inputError.code}]: ${inputError.message}`, opts.actor, { attempt: opts.attempt });
    out.push({ kind: "input-error", submission, inputError });
  }
  return out;
}

/**
 * Ctrl-C or a cancelled CI job (SIGTERM) marks the submissions still running as failed at once
 * (synchronously, before anything else can end the process), rather than leaving them for the
 * dead-process check (which only works on the same host); then the run is stopped and cleaned up.
 */
function failNowOnSignal(records: readonly SubmissionRecord[], opts: ProcessOptions): (signal: NodeJS.Signals) => void {
  return (signal) => opts.store.failNow?.(records.map((r) => r.id), `interrupted by ${signal}`, opts.actor);
}

async function finishOne(record: SubmissionRecord, analysis: SkillAnalysis, opts: ProcessOptions, at: Date): Promise<ProcessedSkill> {
  const skillName = analysis.name || basename(record.path);
  try {
    const waivers = (await opts.store.activeWaivers(skillName, at)).map(toWaiver);
    const verdict = route({ ...analysis, name: skillName }, opts.policy, { waivers, now: at, baseline: opts.baseline });
    const signer = verdict.decision === "approved" && analysis.name ? opts.signer : undefined;
    const sign = signer && pipelineSignRequest(analysis, verdict, opts.policyDigest, signer, at);
    const { submission, signature } = await opts.store.completeSubmission(
      record.id,
      {
        skillName,
        version: analysis.version,
        contentHash: analysis.snapshot.contentHash,
        permissionsHash: analysis.permissionsHash,
        permissions: analysis.permissions,
        files: analysis.snapshot.files,
        stages: analysis.stages,
        findings: analysis.findings,
        verdict,
        policyDigest: opts.policyDigest,
      },
      {
        state: verdict.decision,
        actor: opts.actor,
        reason: summary(verdict),
        creatorNotice: verdict.decision === "rejected" ? creatorNotice(skillName, verdict) : undefined,
        sign,
        attempt: opts.attempt,
      },
    );
    if (!signature) return { kind: "analysed", submission, analysis, verdict };
    // The verdict and signature are committed; a read-only parent folder must not turn that into a crash.
    try {
      return { kind: "analysed", submission, analysis, verdict, signature, signaturePath: await writeSignature(analysis.path, signature) };
    } catch (err) {
      return { kind: "analysed", submission, analysis, verdict, signature, signatureWriteError: errorMessage(err) };
    }
  } catch (err) {
    if (opts.attempt === undefined) await opts.store.failSubmission(record.id, `recording the result failed: ${errorMessage(err)}`, opts.actor).catch(() => undefined);
    throw err;
  }
}

function toWaiver(w: WaiverRecord): Waiver {
  return { skill: w.skill, ruleId: w.ruleId, reason: w.reason, expires: w.expires, by: w.by };
}

function summary(v: Verdict): string {
  const first = v.reasons[0];
  return first ? `${v.decision}: ${first.message}${v.reasons.length > 1 ? ` (+${v.reasons.length - 1} more)` : ""}` : v.decision;
}
