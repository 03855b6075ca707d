import { errorMessage } from "../../errors.js";
import type { Finding, StageOutcome } from "../../findings.types.js";
import { readSnapshotText } from "../../snapshot/read.js";
import { dependenciesInfo } from "./info.js";
import type { Stage, StageContext } from "../stage.types.js";
import { offlineFindings, openDependencies } from "./checks/offline.js";
import { loadPackageLists } from "./data-lists.js";
import { type ParsedManifests } from "./dependency.types.js";
import { emptyParsed } from "./parsed.js";
import { findManifests, type ManifestFile } from "./manifests.js";
import type { DependenciesData } from "./output.js";
import { parsePackageJson, parsePackageLock } from "./parse/npm.js";
import { parsePythonLock } from "./parse/python-lock.js";
import { parsePyproject, parseRequirements } from "./parse/python.js";
import { runSnyk } from "./snyk/run.js";

/** npm and Python dependencies: offline checks always, Snyk when SNYK_TOKEN is set (DESIGN.md stage 4). */
export const dependenciesStage: Stage = {
  ...dependenciesInfo,
  appliesTo: (ctx) =>
    findManifests(ctx.snapshot).length > 0 ? { applies: true } : { applies: false, reason: "no dependency manifests" },
  run: runDependencies,
};

async function runDependencies(ctx: StageContext): Promise<StageOutcome> {
  const manifests = findManifests(ctx.snapshot);
  const parsed = parseManifests(ctx, manifests);
  let lists;
  try {
    lists = loadPackageLists(ctx.env.assetsDir);
  } catch (err) {
    return { status: "error", reason: `cannot read the shipped package lists: ${errorMessage(err)}`, findings: [] };
  }
  const findings: Finding[] = offlineFindings(parsed, lists);
  const snyk = await runSnyk(ctx.snapshot.root, ctx.env.processEnv, ctx.env.stageTimeoutMs, ctx.env.signal);
  const checks = { offline: "ran", snyk: snyk.check };
  const data = {
    manifests: manifests.map((m) => m.path),
    dependencyCount: parsed.dependencies.length,
    openDependencies: openDependencies(parsed),
  } satisfies DependenciesData;
  if (snyk.kind === "results") findings.push(...snyk.findings);
  if (snyk.kind === "error") {
    // The offline findings still count; the error makes the verdict treat the analysis as incomplete.
    return { status: "error", reason: snyk.reason, findings, checks, data, ...(snyk.tool ? { tool: snyk.tool } : {}) };
  }
  return {
    status: findings.length > 0 ? "findings" : "passed",
    findings,
    checks,
    data,
    ...(snyk.kind === "results" ? { tool: snyk.tool } : {}),
  };
}

function parseManifests(ctx: StageContext, manifests: ManifestFile[]): ParsedManifests {
  const parsed = emptyParsed();
  for (const m of manifests) {
    const decoded = readSnapshotText(ctx.snapshot, m.path);
    if (!decoded.ok) {
      parsed.unreadable.push({ file: m.path, why: decoded.reason === "binary" ? "binary content" : "not UTF-8 text" });
      continue;
    }
    switch (m.kind) {
      case "package.json":
        parsePackageJson(m.path, decoded.text, parsed);
        break;
      case "package-lock.json":
        parsePackageLock(m.path, decoded.text, parsed);
        break;
      case "requirements.txt":
        parseRequirements(m.path, decoded.text, parsed);
        break;
      case "pyproject.toml":
        parsePyproject(m.path, decoded.text, parsed);
        break;
      case "python-lock":
        parsePythonLock(m.path, decoded.text, parsed);
        break;
    }
  }
  return parsed;
}
