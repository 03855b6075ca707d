import { randomUUID } from "node:crypto";
import type Docker from "dockerode";
import { errorMessage } from "../../errors.js";
import type { Finding, StageOutcome } from "../../findings.types.js";
import { redactText } from "../../redact.js";
import { dockerClient, probeEngine } from "../../sandbox/client.js";
import { DockerUnavailableError } from "../../sandbox/errors.js";
import type { Stage, StageContext } from "../stage.types.js";
import { platformBaseImage, resolveBaseImage } from "./base-image.js";
import { classifyFailure, lastStep, logTail } from "./classify.js";
import { buildConfig } from "./config.js";
import { writeBuildContext } from "./context.js";
import { dockerBuild } from "./docker-build.js";
import { renderDockerfile } from "./dockerfile.js";
import { foreignBaseFindings } from "./foreign-dockerfile.js";
import { buildOutput } from "./output.js";
import { planInstall, type PlannedStep } from "./plan.js";

export const SKILL_IMAGE_REPO = "skillsign/skill";

/** `skillsign/skill:<contentHash[0:16]>-<baseDigest[0:12]>`: same skill on the same base → same image. */
export function skillImageTag(contentHash: string, baseDigest: string): string {
  return `${SKILL_IMAGE_REPO}:${contentHash.slice(0, 16)}-${baseDigest.slice(0, 12)}`;
}

/**
 * Build stage: builds the snapshot on the platform base image with our own Dockerfile,
 * network mode none, memory/CPU limits and a timeout. Later stages read `imageTag` (output.ts).
 */
export const buildStage: Stage = {
  id: "build",
  version: "1",
  output: buildOutput,
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
  try {
    docker = dockerClient(env);
    const engine = await probeEngine(docker);
    const resolved = await resolveBaseImage(docker, base);
    const tag = skillImageTag(ctx.snapshot.contentHash, resolved.digest);
    Object.assign(data, { engine: engine.serverVersion, baseDigest: resolved.digest });
    if (await imageExists(docker, tag)) {
      return done(findings, { ...data, imageTag: tag, cached: true });
    }
    return await buildFresh(ctx, docker, { ...resolved }, tag, plan, findings, data);
  } catch (err) {
    const reason = err instanceof DockerUnavailableError ? `${err.code}: ${err.message}` : `build failed to run: ${errorMessage(err)}`;
    return { status: "error", reason: redactText(reason), findings, data };
  }
}

async function buildFresh(
  ctx: StageContext,
  docker: Docker,
  base: { tag: string; uid: number; home: string },
  tag: string,
  plan: PlannedStep[],
  findings: Finding[],
  data: Record<string, unknown>,
): Promise<StageOutcome> {
  const config = buildConfig(ctx.env.processEnv, ctx.env.stageTimeoutMs);
  const buildId = randomUUID();
  const dockerfile = renderDockerfile({
    baseTag: base.tag,
    buildId,
    contentHash: ctx.snapshot.contentHash,
    uid: base.uid,
    home: base.home,
    steps: plan,
    stepTimeoutSec: Math.ceil(config.stepTimeoutMs / 1000),
  });
  const context = writeBuildContext(ctx.snapshot, dockerfile.text);
  try {
    const end = await dockerBuild(docker, context, tag, buildId, config, ctx.env.signal);
    switch (end.kind) {
      case "built":
        return done(findings, { ...data, imageTag: tag, cached: false, buildId });
      case "failed":
        findings.push(classifyFailure(end.log, end.error, dockerfile.stepAt, config.stepTimeoutMs));
        return { status: "findings", findings, data: { ...data, buildId } };
      case "timeout": {
        const n = lastStep(end.log);
        const step = n !== undefined ? dockerfile.stepAt.get(n) : undefined;
        // Only a hanging install step is the skill's doing; a slow COPY is the machine's.
        if (step) findings.push(timeoutFinding(step, config.timeoutMs, end.log));
        const during = step ?? "skillsign's own build steps (machine too slow or overloaded?)";
        return { status: "error", reason: redactText(`build timed out after ${config.timeoutMs} ms during ${during}; cleaned up`), findings, data: { ...data, buildId } };
      }
      case "aborted":
        return { status: "error", reason: "build cancelled", findings, data: { ...data, buildId } };
    }
  } finally {
    context.dispose();
  }
}

function done(findings: Finding[], data: Record<string, unknown>): StageOutcome {
  return { status: findings.length ? "findings" : "passed", findings, data };
}

async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
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
