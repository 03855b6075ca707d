import { errorMessage } from "../../errors.js";
import { behaviorInfo } from "./info.js";
import type { StageOutcome } from "../../findings.types.js";
import { redactValue } from "../../redact.js";
import { DockerUnavailableError } from "../../sandbox/errors.js";
import { buildOutput } from "../image-build/output.js";
import { manifestOutput } from "../manifest/output.js";
import { readOutput } from "../output.js";
import type { Stage, StageContext } from "../stage.types.js";
import { analyse } from "./analyse.js";
import { encodedForms, makeCanaries } from "./canaries.js";
import { toFindings } from "./findings.js";
import { assessHighRisk } from "./high-risk.js";
import { planCommands } from "./plan.js";
import { exercise } from "./runner.js";
import { TraceMissingError } from "./sandbox-run.js";
import { behaviorConfig, CONTAINER_LABEL, CONTAINER_LABEL_VALUE } from "./sandbox-config.js";
import { removeStaleContainers } from "../../sandbox/stale.js";
import { BehaviorSetupError, prepareBehaviorSandbox } from "./readiness.js";
import { removeStaleLogs } from "./trace-log.js";
import { removeStaleWorkspaces } from "./workspace.js";
import { incompleteReason } from "./incomplete.js";
import { namesNetrc } from "./implicit-netrc.js";
import { observedUse } from "./observed.js";
import { observedNetwork } from "./sinkhole/observed-net.js";

const STAGE_MARGIN_MS = 15_000;
const STALE_CONTAINER_MS = 30 * 60_000;

/**
 * Behaviour stage: runs a high-risk skill's scripts, install hooks and SKILL.md commands in a
 * monitored gVisor sandbox full of canary credentials, and reports what it tried to do.
 */
export const behaviorStage: Stage = {
  ...behaviorInfo,
  appliesTo(ctx) {
    const d = assessHighRisk(ctx);
    return d.highRisk ? { applies: true, reason: d.reasons.join("; ") } : { applies: false, reason: "not high-risk" };
  },
  run: runBehaviorStage,
};

export async function runBehaviorStage(ctx: StageContext): Promise<StageOutcome> {
  const decision = assessHighRisk(ctx);
  const config = behaviorConfig(ctx.env.assetsDir, ctx.env.processEnv, ctx.skill.name || ctx.snapshot.root.split("/").pop());
  const image = readOutput(ctx.results, buildOutput)?.imageTag ?? config.image;
  const cfg = { ...config, image };
  // guestHome/guestWork let the permission inference tell project writes from writes elsewhere.
  const data: Record<string, unknown> = { highRisk: decision.highRisk, highRiskReasons: decision.reasons, image, runtime: cfg.runtime, guestHome: cfg.guestHome, guestWork: cfg.guestWork };
  try {
    const { docker, engineVersion, traceDir } = await prepareBehaviorSandbox(cfg, ctx.env.processEnv);
    const canaries = makeCanaries();
    const plan = planCommands(ctx, { promptFile: `${cfg.guestHome}/input/prompt.md` }, cfg.maxCommands);
    const budget = Math.max(0, Math.min(cfg.totalBudgetMs, ctx.env.stageTimeoutMs - STAGE_MARGIN_MS));
    const run = await exercise(ctx, docker, cfg, traceDir, canaries, plan, budget);
    await removeStaleLogs(traceDir);
    // Containers and workspaces of runs whose process died before cleaning up (no live run is this old).
    const staleAfter = Math.max(STALE_CONTAINER_MS, 2 * cfg.totalBudgetMs);
    await removeStaleContainers(docker, `${CONTAINER_LABEL}=${CONTAINER_LABEL_VALUE}`, staleAfter).catch(() => 0);
    await removeStaleWorkspaces(staleAfter);
    const baitGuest = canaries.files.filter((b) => b.secret).map((b) => ({ guestPath: `${b.base === "home" ? cfg.guestHome : cfg.guestWork}/${b.relPath}`, label: b.relPath, routine: b.relPath === ".env" }));
    const perms = ctx.skill.permissions;
    const observations = analyse(run.observations, {
      canaries: canaries.canaries,
      bait: baitGuest,
      guestWork: cfg.guestWork,
      guestHome: cfg.guestHome,
      memoryMb: Math.round(cfg.memoryBytes / 1048576),
      namesNetrc: namesNetrc(ctx.snapshot),
      installedPackages: (readOutput(ctx.results, buildOutput)?.resolvedDependencies ?? []).map((p) => p.name),
      declared: { network: perms.network, bins: [...perms.bins, ...perms.anyBins, ...perms.install.flatMap((s) => s.bins)], env: perms.env, paths: perms.paths },
    });
    const findings = toFindings(observations, canaries.canaries.flatMap((c) => encodedForms(c.value)));
    Object.assign(data, redactValue({ runId: run.runId, engine: engineVersion, commands: run.records, notRun: run.notRun, canaries: canaries.canaries.map((c) => c.label), traceTruncated: run.traceTruncated, traceRepeats: run.traceRepeats, observed: { ...observedUse(run), ...observedNetwork(run.observations, canaries.canaries.flatMap((c) => encodedForms(c.value))) } }));
    const tool = { name: "runsc", version: run.runscVersion ?? "unknown" };
    if (run.records.some((r) => r.outcome === "killed: cancelled")) {
      return { status: "error", reason: "the run was cancelled before every command finished", tool, findings, data };
    }
    if (run.records.length === 0 && plan.commands.length > 0) {
      return { status: "error", reason: "no command could run within the stage's time budget", tool, findings, data };
    }
    if (run.records.length === 0) {
      return { status: "passed", reason: "nothing to exercise: no scripts, install hooks or shell blocks", tool, findings, data };
    }
    // Fail closed: a log we could not read whole, or a workspace we could not walk whole, proves nothing clean.
    const incomplete = incompleteReason(run);
    if (incomplete) return { status: "error", reason: `incomplete: ${incomplete}`, tool, findings, data, checks: { strace: `incomplete: ${incomplete}` } };
    return { status: findings.length ? "findings" : "passed", tool, findings, data, checks: { strace: run.traceTruncated ? "ran: log truncated" : "ran" } };
  } catch (err) {
    const coded = err instanceof DockerUnavailableError || err instanceof TraceMissingError || err instanceof BehaviorSetupError;
    const reason = coded ? `${err.code}: ${err.message}` : `sandbox run failed: ${errorMessage(err)}`;
    return { status: "error", reason, findings: [], data };
  }
}

