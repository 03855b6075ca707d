import { basename } from "node:path";
import type { Finding } from "../../findings.types.js";
import { inferFromSites } from "../../permissions/infer-static.js";
import { parseAllowedTools } from "../../skill/permissions.js";
import { manifestInfo } from "./info.js";
import type { Stage, StageContext } from "../stage.types.js";
import { codeSources } from "./code-sources.js";
import { dangerousCombination } from "./combination.js";
import { declaredCapabilities } from "./declared.js";
import { undeclaredFindings } from "./declared-vs-used.js";
import { lookalikeHostFindings } from "./lookalike.js";
import { frontmatterFindings } from "./frontmatter-problems.js";
import { parseTool, toolGrants, unrestrictedToolFindings } from "./grants.js";
import { installFindings } from "./install.js";
import { CAPABILITIES, type Capability, type ManifestData } from "./manifest.types.js";
import { manifestOutput } from "./output.js";
import { assessRisk } from "./risk.js";
import { specFindings } from "./spec.js";
import { scanUses } from "./usage-scan.js";

/**
 * Stage 1: checks SKILL.md against the Agent Skills format, flags risky grants and install
 * steps, and compares what the frontmatter declares with what the code does.
 */
export const manifestStage: Stage = {
  ...manifestInfo,
  appliesTo: () => ({ applies: true }),
  run: async (ctx) => runManifest(ctx),
};

export function runManifest(ctx: StageContext): { status: "passed" | "findings"; findings: Finding[]; data: Record<string, unknown> } {
  const { snapshot, skill } = ctx;
  const file = snapshot.skillMdPath;
  const data = skill.parsed.ok ? skill.parsed.data : {};
  const tools = parseAllowedTools(data["allowed-tools"] ?? data["allowed_tools"]).map(parseTool);
  const grants = toolGrants(tools);
  const declared = declaredCapabilities(skill.permissions, tools, data.compatibility);
  const sources = codeSources(snapshot);
  const sites = scanUses(sources);
  const uses = Object.fromEntries(CAPABILITIES.map((c) => [c, sites.some((s) => s.capability === c)])) as Record<Capability, boolean>;

  const findings: Finding[] = [
    ...frontmatterFindings(skill.parsed, file),
    ...(skill.parsed.ok ? specFindings(data, basename(snapshot.sourcePath), file) : []),
    ...unrestrictedToolFindings(tools, file, snapshot.files.map((f) => f.path).filter((p) => p !== file && !/(^|\/)(tests?|examples?)\//.test(p))),
    ...installFindings(data, file),
    ...undeclaredFindings(sites, declared),
    ...lookalikeHostFindings(sites),
  ];
  const shipsShell = sources.some((s) => s.origin === "file" && s.lang === "sh");
  const combo = dangerousCombination(grants, declared, uses, shipsShell, file);
  if (combo) findings.push(combo);

  const highRiskReasons = assessRisk(snapshot, skill, grants, sites);
  const manifestData: ManifestData = { highRisk: highRiskReasons.length > 0, highRiskReasons, uses, sites, inferred: inferFromSites(sites) };
  return { status: findings.length > 0 ? "findings" : "passed", findings, data: manifestData as unknown as Record<string, unknown> };
}

export type { ManifestData, UseSite, Capability } from "./manifest.types.js";
export { manifestOutput } from "./output.js";
