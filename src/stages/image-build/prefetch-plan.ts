import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Finding } from "../../findings.types.js";
import { PrefetchError, prefetchConfig, prefetchStep, type ResolvedPackage } from "../../prefetch/index.js";
import { redactText } from "../../redact.js";
import type { StageContext } from "../stage.types.js";
import { BUILD_CONTEXT_PREFIX } from "./context.js";
import { offlineArgv, PREFETCH_GUEST_DIR } from "./offline-step.js";
import type { PlannedStep } from "./plan.js";
import { hashMismatchFinding, installScriptFinding, sdistFinding, tooLargeFinding, unpinnedFinding } from "./prefetch-findings.js";
import type { StepSpec } from "./step-runner.js";

export interface PrefetchOutcome {
  /** The install steps as they will run: prefetched ones with the real tool offline. */
  steps: StepSpec[];
  /** prefetch/<step index>/… for the build context. */
  dir?: string;
  findings: Finding[];
  data: { prefetch: unknown[]; resolvedDependencies: ResolvedPackage[] };
  /** A hash did not match: nothing is built. */
  refused: boolean;
  dispose(): void;
}

/**
 * Prefetches every pip/npm step of the plan. A step prefetch cannot serve (URL/VCS/file sources, no
 * wheel) keeps its original command, which tries the network and fails offline
 * (`build.requires-network`); a hash mismatch or downloads over the budget refuse the build.
 */
export async function prefetchPlan(ctx: StageContext, plan: readonly PlannedStep[]): Promise<PrefetchOutcome> {
  const run = plan.filter((s): s is Extract<PlannedStep, { kind: "run" }> => s.kind === "run");
  const out: PrefetchOutcome = { steps: [], findings: [], data: { prefetch: [], resolvedDependencies: [] }, refused: false, dispose: () => undefined };
  if (!run.some((s) => s.prefetch)) {
    out.steps = run.map((s) => ({ label: s.label, argv: s.argv }));
    return out;
  }
  const dir = mkdtempSync(join(tmpdir(), `${BUILD_CONTEXT_PREFIX}${process.pid}-prefetch-`));
  out.dir = dir;
  out.dispose = () => rmSync(dir, { recursive: true, force: true });
  const config = prefetchConfig(ctx.env.processEnv, ctx.env.home);
  for (const [i, step] of run.entries()) {
    if (!step.prefetch) {
      out.steps.push({ label: step.label, argv: step.argv });
      continue;
    }
    try {
      const got = await prefetchStep(step.prefetch, ctx.snapshot, join(dir, String(i)), config, ctx.env.processEnv, ctx.env.signal);
      const args = step.prefetch.ecosystem === "pypi" ? step.prefetch.args : step.prefetch.packages;
      out.steps.push({ label: step.label, argv: offlineArgv(got, `${PREFETCH_GUEST_DIR}/${i}`, args) });
      out.data.prefetch.push({ step: step.label, ecosystem: got.ecosystem, cached: got.cached, ms: got.ms, packages: got.packages.length });
      out.data.resolvedDependencies.push(...got.packages);
      const unpinned = got.packages.filter((p) => !p.pinned && !p.buildTool);
      if (unpinned.length) out.findings.push(unpinnedFinding(step.label, unpinned));
      const scripts = got.packages.filter((p) => p.installScript);
      if (scripts.length) out.findings.push(installScriptFinding(step.label, scripts));
      const sdists = got.packages.filter((p) => p.sdist);
      if (sdists.length) out.findings.push(sdistFinding(step.label, sdists));
    } catch (err) {
      if (!(err instanceof PrefetchError)) throw err;
      if (err.code === "PREFETCH_HASH_MISMATCH" || err.code === "PREFETCH_HASHES_INCOMPLETE") {
        out.findings.push(hashMismatchFinding(step.label, err));
        out.refused = true;
        continue;
      }
      if (err.code === "PREFETCH_TOO_LARGE") {
        // Falling back to the online command would only fail offline as requires-network: say what happened.
        out.findings.push(tooLargeFinding(step.label, err));
        out.data.prefetch.push({ step: step.label, error: `${err.code}: ${redactText(err.message)}` });
        out.refused = true;
        continue;
      }
      out.steps.push({ label: step.label, argv: step.argv });
      out.data.prefetch.push({ step: step.label, error: `${err.code}: ${redactText(err.message)}` });
    }
  }
  return out;
}
