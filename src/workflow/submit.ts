import type { ProgressEvent } from "../pipeline/pipeline.types.js";
import type { ReportInput } from "../report/report.types.js";
import type { StageId } from "../stage-ids.js";
import type { Store } from "../store/store.js";
import { loadPolicy, policyDigest } from "../verdict/policy.js";
import { actorName } from "./actor.js";
import { processSkills, type ProcessedSkill } from "./process-skills.js";
import { configuredSigner } from "./signing-key.js";

export interface SubmitOptions {
  source: "submit" | "ci";
  policyPath?: string;
  skip?: StageId[];
  home?: string;
  processEnv?: NodeJS.ProcessEnv;
  onProgress?: (e: ProgressEvent) => void;
  onRecorded?: (ids: number[]) => void;
  /** `ci --baseline`: accepted findings by fingerprint. */
  baseline?: ReadonlyMap<string, string>;
}

export interface SubmitRun {
  processed: ProcessedSkill[];
  report: ReportInput;
}

/**
 * submit and ci share this: the policy and the signing key are checked first (a bad policy or
 * key is a usage error before anything is recorded), then every skill is processed and recorded.
 */
export async function runSubmissions(store: Store, dirs: string[], o: SubmitOptions): Promise<SubmitRun> {
  const env = o.processEnv ?? process.env;
  const policy = loadPolicy(o.policyPath);
  const digest = policyDigest(policy);
  const signer = await configuredSigner(env);
  const processed = await processSkills(dirs, {
    store,
    policy,
    policyDigest: digest,
    source: o.source,
    actor: actorName(env),
    signer,
    pipeline: { skip: o.skip, onProgress: o.onProgress },
    home: o.home,
    processEnv: env,
    onRecorded: o.onRecorded,
    baseline: o.baseline,
  });
  const skills = processed.flatMap((p) => (p.kind === "analysed" ? [{ analysis: p.analysis, verdict: p.verdict }] : []));
  const inputErrors = processed.flatMap((p) => (p.kind === "input-error" ? [p.inputError] : []));
  return {
    processed,
    report: { skills, inputErrors, policyDigest: digest },
  };
}

/** One line per submission: id, state, and where the signature went. */
export function submissionLines(processed: readonly ProcessedSkill[]): string[] {
  return processed.map((p) => {
    const s = p.submission;
    const what = p.kind === "analysed" ? `${s.skillName}${s.version ? ` ${s.version}` : ""}` : s.path;
    const where = p.kind === "analysed" && p.signatureWriteError ? ` (stored; could not write it beside the folder: ${p.signatureWriteError})` : ` -> ${p.kind === "analysed" ? p.signaturePath : ""}`;
    const signed = p.kind === "analysed" && p.signature ? `; signed (sequence ${p.signature.sequence})${where}` : "";
    const unsigned = p.kind === "analysed" && s.state === "approved" && !p.signature ? "; not signed (no SKILLSIGN_SIGNING_KEY configured)" : "";
    return `submission ${s.id}: ${what}: ${s.state}${signed}${unsigned}`;
  });
}

/** What `--json` adds to the shared report: the submissions as recorded. */
export function submissionsJson(processed: readonly ProcessedSkill[]): object[] {
  return processed.map((p) => ({
    id: p.submission.id,
    path: p.submission.path,
    skill: p.submission.skillName,
    version: p.submission.version,
    state: p.submission.state,
    ...(p.kind === "analysed" && p.signature
      ? { signature: { sequence: p.signature.sequence, keyId: p.signature.keyId, path: p.signaturePath ?? null, ...(p.signatureWriteError ? { writeError: p.signatureWriteError } : {}) } }
      : {}),
    ...(p.submission.creatorNotice ? { creatorNotice: p.submission.creatorNotice } : {}),
    ...(p.submission.failureReason ? { failureReason: p.submission.failureReason } : {}),
  }));
}
