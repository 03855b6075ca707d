import { createHash, randomUUID } from "node:crypto";
import type Docker from "dockerode";
import { errorMessage } from "../../errors.js";
import type { Finding, StageOutcome } from "../../findings.types.js";
import { redactText } from "../../redact.js";
import { dockerClient, probeEngine } from "../../sandbox/client.js";
import { DockerUnavailableError } from "../../sandbox/errors.js";
import { buildInfo } from "./info.js";
import type { Stage, StageContext } from "../stage.types.js";
import { platformBaseImage, resolveBaseImage } from "./base-image.js";
import { classifyFailure, lastStep, logTail } from "./classify.js";
import { buildConfig } from "./config.js";
import { writeBuildContext } from "./context.js";
import { dockerBuild, sweepBuild } from "./docker-build.js";
import { renderDockerfile } from "./dockerfile.js";
import { foreignBaseFindings } from "./foreign-dockerfile.js";
import { buildOutput } from "./output.js";
import { readOutput } from "../output.js";
import { dependenciesOutput } from "../dependencies/output.js";
import { unresolvedFindings } from "./unresolved.js";
import { planInstall, type PlannedStep } from "./plan.js";
import { prefetchPlan, type PrefetchOutcome } from "./prefetch-plan.js";
import { trivyCacheDir } from "../image-scan/vuln-db.js";
import { imageSbom } from "./sbom.js";
import { INSTALL_RUNTIME_LABEL, runStepsInSandbox } from "./step-runner.js";

export const SKILL_IMAGE_REPO = "skillsign/skill";
/** The prepared image (skill copied in, no step run yet); untagged once the steps are committed. */
const PREP_IMAGE_REPO = "skillsign/build-prep";

/** Bump when what a build puts in the image changes (install commands, layout): old images are not reused. */
export const BUILD_RECIPE = "5";

/**
 * `skillsign/skill:<contentHash[0:16]>-<sha256(baseDigest:recipe)[0:12]>`: same skill, same base and
 * same build recipe → same image.
 */
export function skillImageTag(contentHash: string, baseDigest: string): string {
  const buildKey = createHash("sha256").update(`${baseDigest}:${BUILD_RECIPE}`).digest("hex");
  return `${SKILL_IMAGE_REPO}:${contentHash.slice(0, 16)}-${buildKey.slice(0, 12)}`;
}

/**
 * Build stage: builds the snapshot on the platform base image with our own Dockerfile,
 * network mode none, memory/CPU limits and a timeout. Later stages read `imageTag` (output.ts).
 */
export const buildStage: Stage = {
  ...buildInfo,
  appliesTo: () => ({ applies: true }),
  run: runBuildStage,
};

export async function runBuildStage(ctx: StageContext): Promise<StageOutcome> {
  const env = ctx.env.processEnv;
  const base = platformBaseImage(ctx.env.assetsDir, env);
  const findings: Finding[] = foreignBaseFindings(ctx.snapshot, base.repo);
  const plan = planInstall(ctx.skill.permissions.install, ctx.snapshot);
  findings.push(...plan.filter((s) => s.kind === "unsupported").map(unsupportedFinding));
  const data: Record<string, unknown> = { baseImage: base.tag, installSteps: plan.map((s) => s.label) };
  let docker: Docker;
  let pre: PrefetchOutcome | undefined;
  try {
    docker = dockerClient(env);
    const engine = await probeEngine(docker);
    const resolved = await resolveBaseImage(docker, base);
    const tag = skillImageTag(ctx.snapshot.contentHash, resolved.digest);
    Object.assign(data, { engine: engine.serverVersion, baseDigest: resolved.digest });
    // Before the cache check: the resolved dependencies go into the attestation either way.
    pre = await prefetchPlan(ctx, plan);
    findings.push(...pre.findings);
    Object.assign(data, pre.data);
    if (pre.refused) return { status: "findings", findings, data };
    findings.push(...unresolvedFindings(readOutput(ctx.results, dependenciesOutput)?.openDependencies ?? [], pre.data.resolvedDependencies));
    const cached = await cachedImageLabels(docker, tag);
    if (cached) {
      // The runtime the install steps ran under when the image was built (a label set by the step runner).
      const runtime = cached[INSTALL_RUNTIME_LABEL];
      return done(findings, await withSbom(ctx, docker, tag, { ...data, imageTag: tag, cached: true, ...(runtime ? { installRuntime: runtime } : {}) }));
    }
    const outcome = await buildFresh(ctx, docker, { ...resolved }, tag, pre, findings, data);
    return outcome.data?.imageTag ? { ...outcome, data: await withSbom(ctx, docker, tag, outcome.data) } : outcome;
  } catch (err) {
    const reason = err instanceof DockerUnavailableError ? `${err.code}: ${err.message}` : `build failed to run: ${errorMessage(err)}`;
    return { status: "error", reason: redactText(reason), findings, data };
  } finally {
    pre?.dispose();
  }
}

async function buildFresh(
  ctx: StageContext,
  docker: Docker,
  base: { tag: string; uid: number; home: string },
  tag: string,
  pre: PrefetchOutcome,
  findings: Finding[],
  data: Record<string, unknown>,
): Promise<StageOutcome> {
  const env = ctx.env.processEnv;
  const config = buildConfig(env, ctx.env.stageTimeoutMs);
  const buildId = randomUUID();
  const dockerfile = renderDockerfile({ baseTag: base.tag, buildId, contentHash: ctx.snapshot.contentHash, uid: base.uid, home: base.home });
  const context = writeBuildContext(ctx.snapshot, dockerfile.text, pre.dir);
  const started = Date.now();
  try {
    // 1. docker build: only skillsign's own instructions (COPY, the setuid strip); no skill code.
    const prepTag = pre.steps.length ? `${PREP_IMAGE_REPO}:${buildId}` : tag;
    const prep = await dockerBuild(docker, context, prepTag, buildId, config, ctx.env.signal);
    const prepareMs = Date.now() - started;
    if (prep.kind === "failed") {
      findings.push(classifyFailure(prep.log, prep.error, new Map(), config.stepTimeoutMs));
      return { status: "findings", findings, data: { ...data, buildId } };
    }
    if (prep.kind !== "built") return stopped(prep.kind, undefined, config.timeoutMs, findings, { ...data, buildId });
    if (!pre.steps.length) return done(findings, { ...data, imageTag: tag, cached: false, buildId });
    // 2. each install step in its own gVisor container, committed on success.
    const runtime = env.SKILLSIGN_BUILD_RUNTIME || "runsc";
    const limits = { ...config, timeoutMs: Math.max(1_000, config.timeoutMs - (Date.now() - started)) };
    const end = await runStepsInSandbox(docker, {
      image: prepTag, steps: pre.steps, tag, buildId, uid: base.uid, stepTimeoutSec: Math.ceil(config.stepTimeoutMs / 1000), runtime, limits, signal: ctx.env.signal,
    }).finally(() => docker.getImage(prepTag).remove({ noprune: true }).catch(() => undefined));
    // Where the time went (prepare = docker build of skillsign's own instructions, steps = runsc containers).
    const timingsMs = { prepare: prepareMs, steps: Date.now() - started - prepareMs };
    const stepData = { ...data, buildId, installRuntime: [...new Set(end.runtimes)].join(","), timingsMs };
    switch (end.kind) {
      case "built":
        return done(findings, { ...stepData, imageTag: tag, cached: false });
      case "failed":
        await sweepBuild(docker, buildId, 2_000);
        findings.push(classifyFailure(end.log, end.error, end.stepAt, config.stepTimeoutMs));
        return { status: "findings", findings, data: stepData };
      default: {
        await sweepBuild(docker, buildId);
        const n = lastStep(end.log);
        return stopped(end.kind, n !== undefined ? end.stepAt.get(n) : undefined, config.timeoutMs, findings, stepData, end.log);
      }
    }
  } finally {
    context.dispose();
  }
}

function stopped(kind: "timeout" | "aborted", step: string | undefined, timeoutMs: number, findings: Finding[], data: Record<string, unknown>, log = ""): StageOutcome {
  if (kind === "aborted") return { status: "error", reason: "build cancelled", findings, data };
  // Only a hanging install step is the skill's doing; a slow COPY is the machine's.
  if (step) findings.push(timeoutFinding(step, timeoutMs, log));
  const during = step ?? "skillsign's own build steps (machine too slow or overloaded?)";
  return { status: "error", reason: redactText(`build timed out after ${timeoutMs} ms during ${during}; cleaned up`), findings, data };
}

/** Adds data.sbom (CycloneDX from Trivy); an SBOM failure is recorded, the build still counts. */
async function withSbom(ctx: StageContext, docker: Docker, tag: string, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (ctx.env.processEnv.SKILLSIGN_BUILD_SBOM === "0") return data;
  try {
    const t0 = Date.now();
    const id = (await docker.getImage(tag).inspect()).Id;
    const scanCacheDir = trivyCacheDir(ctx.env.cacheDir, ctx.env.processEnv);
    const target = { tag, imageId: id, contentHash: ctx.snapshot.contentHash, baseTag: String(data.baseImage), baseDigest: String(data.baseDigest), scanCacheDir };
    const sbom = await imageSbom(target, ctx.env.home, ctx.env.processEnv, ctx.env.signal);
    return { ...data, sbom, sbomMs: Date.now() - t0 };
  } catch (err) {
    return { ...data, sbomError: redactText(errorMessage(err)) };
  }
}

function done(findings: Finding[], data: Record<string, unknown>): StageOutcome {
  return { status: findings.length ? "findings" : "passed", findings, data };
}

/** The cached image's labels, or undefined when there is no image with this tag. */
async function cachedImageLabels(docker: Docker, tag: string): Promise<Record<string, string> | undefined> {
  try {
    return (await docker.getImage(tag).inspect()).Config?.Labels ?? {};
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

function unsupportedFinding(step: Extract<PlannedStep, { kind: "unsupported" }>): Finding {
  return {
    ruleId: "build.unsupported-install-step",
    stage: "build",
    severity: "medium",
    category: "build",
    confidence: "high",
    message: redactText(`${step.reason}: ${step.label}`),
    fix: "Use pip/npm with vendored packages, or a shell step that works offline",
  };
}

function timeoutFinding(step: string, timeoutMs: number, log: string): Finding {
  return {
    ruleId: "build.timeout",
    stage: "build",
    severity: "medium",
    category: "build",
    confidence: "medium",
    message: redactText(`build did not finish within ${timeoutMs} ms: ${step}`),
    evidence: logTail(log, 10),
    fix: "Install steps must finish quickly and offline; remove long-running or waiting commands",
  };
}
