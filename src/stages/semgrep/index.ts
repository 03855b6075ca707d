import { join } from "node:path";
import { errorMessage } from "../../errors.js";
import { semgrepInfo } from "./info.js";
import type { StageOutcome } from "../../findings.types.js";
import { findTool } from "../../tools/find-tool.js";
import type { Stage, StageContext } from "../stage.types.js";
import { SemgrepCache, cacheKey } from "./cache.js";
import { codeFiles } from "./code-files.js";
import { planLanes } from "./lanes.js";
import { mergedRulesFile } from "./merged-rules.js";
import { SEMGREP_QUIET_ENV, SEMGREP_VERSION_ARGS, runSemgrep } from "./invoke.js";
import { mapResults, type SkillScan } from "./map-results.js";
import { loadRuleSet, type RuleSet } from "./rules-digest.js";

const STAGE_VERSION = semgrepInfo.version;
/** Targets per semgrep process: keeps command lines and memory bounded on large batches. */
export const SEMGREP_CHUNK_SIZE = 200;

/** Real Semgrep with the shipped rules, one process per batch of skills (DESIGN.md stage 3). */
export const semgrepStage: Stage = {
  ...semgrepInfo,
  appliesTo: (ctx) => (codeFiles(ctx.snapshot).length > 0 ? { applies: true } : { applies: false, reason: "no code files" }),
  run: async (ctx) => (await runSemgrepBatch([ctx]))[0]!,
  runBatch: (ctxs) => runSemgrepBatch(ctxs),
};

export interface SemgrepBatchOptions {
  /** Targets per semgrep process (default SEMGREP_CHUNK_SIZE). */
  chunkSize?: number;
  /** At most this many semgrep processes at once (default: one per core, up to MAX_LANES; see lanes.ts). */
  maxLanes?: number;
  /** Bytes of code from which the batch is split across lanes (default PARALLEL_MIN_BYTES). */
  parallelMinBytes?: number;
}

export async function runSemgrepBatch(ctxs: StageContext[], opts: SemgrepBatchOptions = {}): Promise<StageOutcome[]> {
  const chunkSize = Math.max(1, opts.chunkSize ?? SEMGREP_CHUNK_SIZE);
  if (ctxs.length === 0) return [];
  const env = ctxs[0]!.env;
  const tool = await findTool("semgrep", { env: env.processEnv, probeEnv: SEMGREP_QUIET_ENV, versionArgs: SEMGREP_VERSION_ARGS }).catch(() => undefined);
  if (!tool) {
    const reason = "semgrep not found (looked in $SKILLSIGN_TOOLS/bin, /opt/skillsign-tools/bin and PATH); run `skillsign setup`";
    return ctxs.map(() => failed(reason));
  }
  const toolInfo = { name: "semgrep", version: tool.version };
  let rules: RuleSet;
  let configFile: string;
  const stateDir = join(env.cacheDir, "semgrep-state");
  try {
    rules = loadRuleSet(join(env.assetsDir, "rules", "semgrep"));
    configFile = mergedRulesFile(rules.dir, stateDir);
  } catch (err) {
    return ctxs.map(() => failed(`cannot read the semgrep rules: ${errorMessage(err)}`, toolInfo));
  }

  const cache = new SemgrepCache(env.cacheDir);
  const keys = ctxs.map((c) =>
    cacheKey({ stageVersion: STAGE_VERSION, contentHash: c.snapshot.contentHash, rulesDigest: rules.digest, semgrepVersion: tool.version }),
  );
  const outcomes: (StageOutcome | undefined)[] = keys.map((k) => {
    const hit = cache.get(k);
    return hit ? { ...hit, data: { ...hit.data, cached: true } } : undefined;
  });

  const scansOf = new Map(ctxs.map((c, i) => [i, { snapshot: c.snapshot, codeFiles: codeFiles(c.snapshot) } as SkillScan]));
  const pending = ctxs.map((_, i) => i).filter((i) => !outcomes[i]);
  const lanes = planLanes(pending.map((i) => ({ index: i, bytes: codeBytes(scansOf.get(i)!) })), chunkSize, { maxLanes: opts.maxLanes, minBytes: opts.parallelMinBytes });
  // All chunks share the stage's time budget, so the runner's own timeout never fires first.
  const deadline = Date.now() + env.stageTimeoutMs - 2_000;
  const runLane = async (chunks: number[][], lane: number) => {
    for (const chunk of chunks) await runChunk(chunk, lane);
  };
  const runChunk = async (chunk: number[], lane: number) => {
    const scans: SkillScan[] = chunk.map((i) => scansOf.get(i)!);
    try {
      const out = await runSemgrep({
        semgrepPath: tool.path,
        rulesDir: rules.dir,
        targets: [...new Set(scans.map((s) => s.snapshot.root))],
        stateDir,
        configFile,
        processEnv: env.processEnv,
        timeoutMs: Math.max(1_000, deadline - Date.now()),
        signal: env.signal,
        lane,
      });
      const findings = mapResults(out, scans, rules.categories);
      chunk.forEach((i, j) => {
        const f = findings[j]!;
        const outcome: StageOutcome = {
          status: f.length > 0 ? "findings" : "passed",
          tool: toolInfo,
          findings: f,
          data: { rulesDigest: rules.digest, filesScanned: scans[j]!.codeFiles.length },
        };
        cache.put(keys[i]!, outcome);
        outcomes[i] = outcome;
      });
    } catch (err) {
      for (const i of chunk) outcomes[i] = failed(errorMessage(err), toolInfo);
    }
  };
  await Promise.all(lanes.map(runLane));
  return outcomes.map((o) => o ?? failed("no result"));
}

function codeBytes(scan: SkillScan): number {
  const code = new Set(scan.codeFiles);
  return scan.snapshot.files.reduce((n, f) => n + (code.has(f.path) ? f.size : 0), 0);
}

function failed(reason: string, tool?: { name: string; version: string }): StageOutcome {
  return { status: "error", reason, findings: [], ...(tool ? { tool } : {}) };
}
