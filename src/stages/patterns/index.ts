import { join } from "node:path";
import type { Finding, StageOutcome } from "../../findings.types.js";
import { patternsInfo } from "./info.js";
import type { Stage, StageContext } from "../stage.types.js";
import { STAGE_ID } from "./finding.js";
import { loadPatternDb } from "./load.js";
import { chainFindings } from "./chain.js";
import { scanDoc } from "./scan.js";
import { loadDoc } from "./text.js";
import { readSnapshotText } from "../../snapshot/read.js";
import { TEST_PATH, testFilesToldToRun } from "./told-to-run.js";
import { dataFilesToldToFollow, isDataFile, isLegalFile } from "./location.js";

/**
 * Stage 2: the malicious-pattern database (patterns/*.yaml) over every text file of the
 * snapshot — SKILL.md prose, references and code — with context rules for documentation.
 */
export const patternsStage: Stage = {
  ...patternsInfo,
  appliesTo: () => ({ applies: true }),
  run: async (ctx: StageContext): Promise<StageOutcome> => {
    const db = loadPatternDb(join(ctx.env.assetsDir, "patterns"));
    const findings: Finding[] = [];
    let scanned = 0;
    let binary = 0;
    const runTests = testsToldToRun(ctx);
    const followed = dataToldToFollow(ctx);
    for (const file of ctx.snapshot.files) {
      if (ctx.env.signal.aborted) return { status: "error", reason: "cancelled", findings };
      const loaded = loadDoc(ctx.snapshot, file.path);
      if (loaded.kind === "binary") {
        binary++;
        continue;
      }
      scanned++;
      if (loaded.lossy) findings.push(undecodable(file.path));
      if (runTests.has(file.path)) loaded.doc.toldToRun = true;
      if ((isDataFile(file.path) && !followed.has(file.path)) || isLegalFile(file.path)) loaded.doc.dataFile = true;
      const found = scanDoc(db, loaded.doc);
      findings.push(...found, ...chainFindings(loaded.doc, found));
    }
    return {
      status: findings.length ? "findings" : "passed",
      findings,
      checks: { files: `${scanned} text files scanned, ${binary} binary skipped`, patterns: `${db.patterns.length} patterns` },
    };
  },
};

/** Test-folder files that SKILL.md tells the agent to run keep full weight (see told-to-run.ts). */
function testsToldToRun(ctx: StageContext): Set<string> {
  const paths = ctx.snapshot.files.map((f) => f.path);
  if (!paths.some((p) => TEST_PATH.test(p))) return new Set();
  const skillMd = readSnapshotText(ctx.snapshot, "SKILL.md");
  return skillMd.ok ? testFilesToldToRun([skillMd.text], paths) : new Set();
}

/** Data files SKILL.md tells the agent to follow keep full weight (see location.ts). */
function dataToldToFollow(ctx: StageContext): Set<string> {
  const paths = ctx.snapshot.files.map((f) => f.path);
  if (!paths.some(isDataFile)) return new Set();
  const skillMd = readSnapshotText(ctx.snapshot, ctx.snapshot.skillMdPath);
  return skillMd.ok ? dataFilesToldToFollow(skillMd.text, paths) : new Set();
}

function undecodable(path: string): Finding {
  return {
    ruleId: "patterns.undecodable-file",
    stage: STAGE_ID,
    severity: "low",
    category: "obfuscation",
    confidence: "medium",
    cwe: ["CWE-172"],
    message: `${path} is not valid UTF-8; it was scanned after a lossy decode, so hidden content may have been missed`,
    file: path,
    fix: "Save the file as UTF-8, or remove it if it is not meant to be text.",
  };
}

export { loadPatternDb, readPatternDb, parsePatternFile, type PatternDb, type CompiledPattern } from "./load.js";
export { PatternDbError } from "./error.js";
export { makeDoc, type ScanDoc } from "./text.js";
export { scanDoc } from "./scan.js";
export { matchDoc, type RawMatch } from "./match.js";
export { testFilesToldToRun, TEST_PATH } from "./told-to-run.js";
export { classifyContext, type MatchContext } from "./context.js";
