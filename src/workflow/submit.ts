import type { SkippedFolder } from "../pipeline/discover.js";
import type { ProgressEvent } from "../pipeline/pipeline.types.js";
import type { ReportInput } from "../report/report.types.js";
import type { StageId } from "../stage-ids.js";
import type { Store } from "../store/store.js";
import { loadPolicy, policyDigest } from "../verdict/policy.js";
import { actorName } from "./actor.js";
import { processSkills, type ProcessedSkill } from "./process-skills.js";
import { skillsignHome } from "../config/home.js";
import { verifySkill } from "../signing/verify.js";
import type { VerifyResult } from "../signing/verify.types.js";
import { developmentKey } from "./dev-key.js";
import { configuredSigner, type LoadedSigner } from "./signing-key.js";

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
  /** With no SKILLSIGN_SIGNING_KEY: sign with the development key under home (created once) and verify. */
  developmentKey?: boolean;
  /** Subfolders discovery left out (no SKILL.md, hidden, unreadable): every report lists them, as scan's does. */
  skipped?: SkippedFolder[];
}

/** Which key signed the approvals of a run. */
export type SigningKeyUsed = { kind: "configured"; keyId: string } | { kind: "development"; keyId: string; dir: string; trustPath: string; created: boolean } | { kind: "none" };

export interface SubmitRun {
  processed: ProcessedSkill[];
  report: ReportInput;
  signing: SigningKeyUsed;
  /** Development-key runs only: each signature checked against the development trust file, as `verify` would. */
  verified: { path: string; signaturePath: string; result: Pick<VerifyResult, "ok" | "reason" | "message"> }[];
}

/**
 * submit and ci share this: the policy and the signing key are checked first (a bad policy or
 * key is a usage error before anything is recorded), then every skill is processed and recorded.
 */
export async function runSubmissions(store: Store, dirs: string[], o: SubmitOptions): Promise<SubmitRun> {
  const env = o.processEnv ?? process.env;
  const policy = loadPolicy(o.policyPath);
  const digest = policyDigest(policy);
  const home = o.home ?? skillsignHome(env);
  const { signer, signing } = await chooseSigner(env, home, o.developmentKey === true);
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
  const verified = signing.kind === "development" ? await verifySigned(processed, signing.trustPath, home) : [];
  return { processed, report: { skills, inputErrors, policyDigest: digest, skipped: o.skipped ?? [] }, signing, verified };
}

async function chooseSigner(env: NodeJS.ProcessEnv, home: string, allowDevelopment: boolean): Promise<{ signer?: LoadedSigner; signing: SigningKeyUsed }> {
  const configured = await configuredSigner(env);
  if (configured) return { signer: configured, signing: { kind: "configured", keyId: configured.keyId } };
  if (!allowDevelopment) return { signing: { kind: "none" } };
  const dev = await developmentKey(home);
  return { signer: dev.signer, signing: { kind: "development", keyId: dev.signer.keyId, dir: dev.dir, trustPath: dev.trustPath, created: dev.created } };
}

/** The loop a newcomer should see end to end: what was just signed passes `verify` against the development trust file. */
async function verifySigned(processed: readonly ProcessedSkill[], trustPath: string, home: string): Promise<SubmitRun["verified"]> {
  const out: SubmitRun["verified"] = [];
  for (const p of processed) {
    if (p.kind !== "analysed" || !p.signature || !p.signaturePath || p.signatureWriteError) continue;
    const r = await verifySkill(p.analysis.path, { trustPath, signaturePath: p.signaturePath, home });
    out.push({ path: p.analysis.path, signaturePath: p.signaturePath, result: { ok: r.ok, reason: r.reason, message: r.message } });
  }
  return out;
}
